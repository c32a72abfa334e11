import type { ResponseOf } from '../api/contract.ts';
import type { ApiClient } from '../client/api-client.ts';
import { uploadAndWait, uploadEvidenceAndWait } from '../client/upload.ts';
import { chinaDay, DAY_MS } from '../domain/china-time.ts';
import type { Layout } from '../domain/layout.ts';
import type { RectStatus } from '../domain/rectification.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import type { Lang } from '../domain/text.ts';
import { fillRectificationWorkbook } from '../excel/rectification-fill.ts';
import type { Roster } from '../domain/roster.ts';
import { demoPdf } from './demo-pdf.ts';

/** What the demo's rectification did, for the summary. */
export interface DemoRectification {
  deadline: string;
  notices: number;
  answered: number;
  /** The unit whose answer came after the deadline, the one that fixed only part, the one that never answered. */
  late: string | null;
  partial: string | null;
  silent: string | null;
  evidence: number;
  files: string[];
}

type Notice = ResponseOf<'GET /rounds/{round}/rectification'>;

/** What the demo's rectification needs of its round. */
export interface RectDemoDeps {
  round: string;
  roster: Roster;
  lang: Lang;
  now: () => Date;
  write: (file: string, bytes: Uint8Array) => void;
}

const DONE: Record<Lang, Record<RectStatus, string>> = {
  zh: {
    fixed: '已按整改建议完成整改,相关记录已归档备查',
    partly: '已完成部分整改,其余部分列入下一年度工作计划',
    not: '',
  },
  en: {
    fixed: 'Rectified as suggested; the records are filed',
    partly: 'Partly rectified; the rest is in next year’s work plan',
    not: '',
  },
};

/** A China-time calendar date `days` from now. */
const chinaDate = (now: Date, days: number) => chinaDay(now.getTime() + days * DAY_MS);

/**
 * After the pre-check, as a district does: the admin closes it and sets the deadline; each unit
 * reads its notice (整改通知书), attaches a photo or scan as evidence to its first item, fills in
 * the notice's workbook and uploads it. Most say fixed, one unit fixes only part, one never answers,
 * and the last answers after the deadline (the demo moves the deadline to yesterday first, as if a
 * month had passed). Returns, per unit, the items it fixed, which the formal panel then verifies.
 */
export async function runDemoRectification(
  d: RectDemoDeps,
  admin: ApiClient,
  as: (who: string) => Promise<ApiClient>,
): Promise<{ summary: DemoRectification; fixed: Map<string, Set<string>> }> {
  const round = encodeURIComponent(d.round);
  for (const action of ['close-scoring', 'close'])
    await admin.call('POST', `/rounds/${round}/phases/precheck`, { action });
  const deadline = chinaDate(d.now(), 30);
  await admin.call('POST', `/rounds/${round}/rectification`, { deadline });
  const units = d.roster.assignments.filter((a) => a.precheck.length > 0).map((a) => a.unit);
  const summary: DemoRectification = {
    deadline,
    notices: 0,
    answered: 0,
    late: null,
    partial: units[1] ?? null,
    silent: units.length > 3 ? units[2]! : null,
    evidence: 0,
    files: [],
  };
  const fixed = new Map<string, Set<string>>();
  for (const [i, unit] of units.entries()) {
    const client = await as(`unit:${unit}`);
    const q = `unit=${encodeURIComponent(unit)}&lang=${d.lang}`;
    const notice = await client.call<Notice>('GET', `/rounds/${round}/rectification?${q}`);
    if (notice.items.length === 0) continue;
    summary.notices++;
    if (i === 0) {
      const letter = await client.call<{ url: string; fileName: string }>(
        'GET',
        `/rounds/${round}/rectification/docx?${q}`,
      );
      const file = `rectification/${letter.fileName}`;
      d.write(file, await client.download(letter.url));
      summary.files.push(file);
    }
    if (unit === summary.silent) continue;
    if (i === units.length - 1 && units.length > 1) {
      // A month later: the deadline has passed when the last unit answers.
      await admin.call('POST', `/rounds/${round}/rectification`, { deadline: chinaDate(d.now(), -1) });
      summary.late = unit;
    }
    const first = notice.items[0]!;
    const proof = `${unit}-${first.code}-${d.lang === 'zh' ? '整改材料' : 'rectification'}.pdf`;
    const pdf = demoPdf([`${unit} - ${notice.round}`, `Item ${first.code}: rectification evidence`]);
    const ev = await uploadEvidenceAndWait(client, d.round, { unit, item: first.code }, proof, pdf, {
      lang: d.lang,
    });
    if (ev.state === 'accepted') summary.evidence++;
    const answers = new Map(
      notice.items.map((item, j) => {
        const status: RectStatus =
          unit === summary.partial
            ? j % 2 === 0
              ? 'partly'
              : 'not'
            : (i + j) % 5 === 4
              ? 'partly'
              : 'fixed';
        return [item.code, { status, done: DONE[d.lang][status], evidence: j === 0 ? [proof] : [] }];
      }),
    );
    const link = await client.call<{ url: string }>('GET', `/rounds/${round}/rectification/workbook?${q}`);
    const filled = await fillRectificationWorkbook(await client.download(link.url), answers);
    const file = `rectification/${unit}-${d.lang === 'zh' ? '整改回复' : 'answer'}.xlsx`;
    d.write(file, filled);
    const out = await uploadAndWait(client, d.round, file.split('/').pop()!, filled, { lang: d.lang });
    if (out.state !== 'accepted')
      throw new Error(`the rectification answer of ${unit} was ${out.state}: ${JSON.stringify(out.issues)}`);
    summary.answered++;
    if (i === 0) summary.files.push(file);
    fixed.set(unit, new Set([...answers].filter(([, a]) => a.status === 'fixed').map(([c]) => c)));
  }
  return { summary, fixed };
}

/** The formal panel finds what the unit fixed fixed: full marks (or 符合) on those items. */
export function verifiedFixes(
  values: Map<string, string | number>,
  layout: Layout,
  fixed: ReadonlySet<string> | undefined,
  lang: Lang,
): void {
  if (!fixed) return;
  for (const row of layout.rows) {
    if (!fixed.has(row.node.code)) continue;
    const cell = (k: string) => row.inputs.find((c) => c.kind === k)?.address;
    const score = cell('score');
    const met = cell('met');
    if (score) values.set(score, row.node.maxPoints);
    else if (met) values.set(met, SHEET_WORDS.compliance.met[lang]);
    else continue;
    for (const k of ['problem', 'suggestion']) {
      const at = cell(k);
      if (at) values.delete(at);
    }
  }
}
