import type { Footer, Paragraph } from 'docx';
import { changeVerdict } from '../domain/calibration.ts';
import { message } from '../domain/messages.ts';
import { difference, round2 } from '../domain/stats.ts';
import type { Lang } from '../domain/text.ts';
import { coefficient, pts, say } from '../excel/calibration-workbook-words.ts';
import type { CalibrationDocInput } from '../use-cases/api/calibration.ts';
import { body, bullet, heading, run, pageFooter } from './docx-kit.ts';

/** The calibration document's before-and-after section and its page footer (calibration-docx.ts). */

/** 五、Before and after: how many items spread narrower or wider, the mean spread, alpha, the assessors. */
export function compared(input: CalibrationDocInput, zh: boolean): Paragraph[] {
  const c = input.comparison;
  if (!c) return [];
  const lang = input.lang;
  const both = c.items.filter((i) => i.before !== null && i.after !== null);
  const mean = (xs: number[]) => (xs.length === 0 ? null : round2(xs.reduce((s, x) => s + x, 0) / xs.length));
  const meanBefore = mean(both.map((i) => i.before!));
  const meanAfter = mean(both.map((i) => i.after!));
  const change = meanBefore === null || meanAfter === null ? null : difference(meanAfter, meanBefore);
  const v = changeVerdict(change);
  const count = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.filter(f).length;
  const out = [heading(say('calibration.doc-s5', lang))];
  const sentences: string[] = [];
  if (meanBefore !== null && meanAfter !== null)
    sentences.push(
      say('calibration.doc-compare-items', lang, {
        before: c.before,
        total: both.length,
        narrower: count(both, (i) => i.verdict === 'narrower'),
        wider: count(both, (i) => i.verdict === 'wider'),
        same: count(both, (i) => i.verdict === 'same'),
        meanBefore: pts(meanBefore),
        meanAfter: pts(meanAfter),
        verdict: say(
          v === 'down'
            ? 'calibration.doc-shrank'
            : v === 'up'
              ? 'calibration.doc-grew'
              : 'calibration.doc-unchanged',
          lang,
        ),
      }),
    );
  if (c.alpha.before !== null && c.alpha.after !== null)
    sentences.push(
      say('calibration.doc-compare-alpha', lang, {
        before: coefficient(c.alpha.before, lang),
        after: coefficient(c.alpha.after, lang),
      }),
    );
  const judged = c.assessors.filter((a) => a.verdict !== null);
  if (judged.length > 0)
    sentences.push(
      say('calibration.doc-compare-assessors', lang, {
        total: judged.length,
        closer: count(judged, (a) => a.verdict === 'closer'),
        further: count(judged, (a) => a.verdict === 'further'),
        same: count(judged, (a) => a.verdict === 'same'),
      }),
    );
  out.push(body(run(sentences.join(zh ? '' : ' ')), zh));
  const wider = c.items.filter((i) => i.verdict === 'wider').map((i) => i.code);
  if (wider.length > 0)
    out.push(body(run(say('calibration.doc-widened', lang, { codes: wider.join(zh ? '、' : ', ') })), zh));
  for (const n of c.notes) out.push(bullet(run(message(n.code, n.params, lang))));
  return out;
}

/** The footer: the round and 校准报告, then 第 x 页,共 y 页. */
export function footer(text: string, lang: Lang): Footer {
  const words = say('calibration.doc-page', lang).split(/\{page\}|\{pages\}/) as [string, string, string];
  return pageFooter(text, words);
}
