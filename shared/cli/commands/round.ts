import { RECONCILE_METHODS } from '../../api/terms.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { PHASES, type Phase } from '../../domain/layout.ts';
import { SHEET_WORDS } from '../../domain/sheet-text.ts';
import { langOption, roundOption, UsageError, type CliContext } from '../context.ts';
import { eachFile } from '../each-file.ts';
import { apiClient } from './serve.ts';
import { uploadAndWait, type UploadOutcome } from '../../client/upload.ts';

type Outcome = UploadOutcome;

/** Reconciliation methods a round may use (ReconcileMethod). */
const METHODS = RECONCILE_METHODS;

/** `cepin round`, `cepin upload` and `cepin status`: the round's life through the API. */
export function registerRoundCommands(program: Command, ctx: CliContext): void {
  const round = program
    .command('round')
    .description('create a round and open or close its phases / 测评轮次');
  round
    .command('create')
    .description('create a round from a rule set and a filled roster workbook')
    .option('--round <id>', 'round id, e.g. 2026')
    .requiredOption('--rules <id>', 'rule set id')
    .option('--rule-version <n>', 'the stored rubric version to pin (default the newest)')
    .requiredOption('--roster <file>', 'the filled roster .xlsx')
    .option('--open <phases>', 'phases to open at once, comma-separated (e.g. self,precheck)')
    .option(
      '--calibration <cases>',
      'a calibration round (校准轮次) on reference cases: a .json file of [{ "code", "title", "description" }]',
    )
    .option('--with-units', "calibration: the units' archive staff score the cases too (two-way training)")
    .option(
      '--method <method>',
      `how formal scores are reconciled: ${METHODS.join(' | ')} (default trimmed-mean; under 5 assessors it falls back to mean)`,
    )
    .option('--api <url>', 'API URL')
    .action(
      async (o: {
        round?: string;
        rules: string;
        ruleVersion?: string;
        roster: string;
        open?: string;
        method?: string;
        calibration?: string;
        withUnits?: boolean;
        api?: string;
      }) => {
        const open = o.open ? o.open.split(',').map((s) => s.trim()) : [];
        if (o.method !== undefined && !METHODS.includes(o.method as (typeof METHODS)[number]))
          throw new UsageError(`--method must be one of ${METHODS.join(', ')}; got ${o.method}`);
        const r = await apiClient(ctx, o.api).call<{
          round: { round: string; phases: object; method?: string };
          units: number;
          assessors: number;
        }>('POST', '/rounds', {
          round: roundOption(ctx, o.round),
          rules: o.rules,
          ...(o.ruleVersion ? { ruleVersion: Number(o.ruleVersion) } : {}),
          roster: readFileSync(o.roster).toString('base64'),
          open,
          ...(o.method ? { method: o.method } : {}),
          ...(o.calibration
            ? {
                kind: 'calibration',
                cases: JSON.parse(readFileSync(o.calibration, 'utf8')) as unknown,
                withUnits: o.withUnits === true,
              }
            : {}),
        });
        ctx.out(
          `round ${r.round.round} created: ${r.units} units, ${r.assessors} assessors; method ${r.round.method ?? 'trimmed-mean'}; phases ${JSON.stringify(r.round.phases)}`,
        );
      },
    );
  for (const action of ['open', 'close-scoring', 'close'] as const) {
    round
      .command(action)
      .description(
        `${action} a phase${action === 'close-scoring' ? ' (lifts blind scoring: assessors see each other’s scores)' : ''}`,
      )
      .option('--round <id>', 'round id')
      .requiredOption('--phase <phase>', PHASES.join(' | '))
      .option('--api <url>', 'API URL')
      .action(async (o: { round?: string; phase: string; api?: string }) => {
        const r = await apiClient(ctx, o.api).call<{ round: { phases: Record<string, string> } }>(
          'POST',
          `/rounds/${encodeURIComponent(roundOption(ctx, o.round))}/phases/${encodeURIComponent(o.phase)}`,
          { action },
        );
        ctx.out(`${o.phase}: ${r.round.phases[o.phase]}`);
      });
  }
  round
    .command('show')
    .description('show a round and its phases')
    .option('--round <id>', 'round id')
    .option('--api <url>', 'API URL')
    .action(async (o: { round?: string; api?: string }) => {
      ctx.out(
        JSON.stringify(
          await apiClient(ctx, o.api).call('GET', `/rounds/${encodeURIComponent(roundOption(ctx, o.round))}`),
          null,
          2,
        ),
      );
    });

  program
    .command('upload')
    .description('upload filled sheets and show each outcome / 上传评分表')
    .argument('<files...>', '.xlsx files')
    .option('--round <id>', 'round id (or CEPIN_ROUND)')
    .option('--json', 'print outcomes as JSON')
    .option('--wait <seconds>', 'how long to wait for each outcome', '60')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(
      async (
        files: string[],
        o: { round?: string; json?: boolean; wait: string; lang?: string; api?: string },
      ) => {
        const lang = langOption(o.lang);
        const client = apiClient(ctx, o.api);
        const roundId = roundOption(ctx, o.round);
        const results = await eachFile(files, o.json, async (file) => {
          const out = await uploadAndWait(client, roundId, basename(file), readFileSync(file), {
            waitMs: Number(o.wait) * 1000,
            lang,
          });
          let annotated: string | undefined;
          if (out.state === 'rejected' && out.annotatedUrl) {
            annotated = join(
              dirname(file),
              `${basename(file, '.xlsx')}-${lang === 'zh' ? '问题标注' : 'issues'}.xlsx`,
            );
            mkdirSync(dirname(annotated), { recursive: true });
            writeFileSync(annotated, await client.download(out.annotatedUrl));
          }
          return { ...out, file, annotated } as Outcome & { file: string; annotated?: string };
        });
        if (o.json)
          ctx.out(
            JSON.stringify(
              results.map(({ annotatedUrl: _u, ...r }) => r),
              null,
              2,
            ),
          );
        else for (const r of results) ctx.out(describe(r, lang));
        ctx.exit(results.every((r) => r.state === 'accepted' || r.state === 'duplicate') ? 0 : 1);
      },
    );

  program
    .command('status')
    .description('which sheets of a round are accepted, rejected or missing / 提交情况')
    .option('--round <id>', 'round id (or CEPIN_ROUND)')
    .option('--json', 'print JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(async (o: { round?: string; json?: boolean; lang?: string; api?: string }) => {
      const lang = langOption(o.lang);
      const r = await apiClient(ctx, o.api).call<{
        round: string;
        submissions: {
          unit: string;
          phase: string;
          assessor: string;
          state: string;
          total: number | null;
          rejections: number;
        }[];
      }>('GET', `/rounds/${encodeURIComponent(roundOption(ctx, o.round))}/status`);
      if (o.json)
        return ctx.out(
          JSON.stringify(
            {
              round: r.round,
              submissions: r.submissions.map(({ unit, phase, assessor, state, total }) => ({
                unit,
                phase,
                assessor,
                state,
                total,
              })),
            },
            null,
            2,
          ),
        );
      const count = (s: string) => r.submissions.filter((x) => x.state === s).length;
      ctx.out(
        lang === 'zh'
          ? `${r.round}:应交 ${r.submissions.length} 张,已通过 ${count('accepted')} 张,被退回 ${count('rejected')} 张,未交 ${count('missing')} 张`
          : `${r.round}: ${count('accepted')} accepted, ${count('rejected')} rejected, ${count('missing')} missing of ${r.submissions.length}`,
      );
      for (const s of r.submissions) {
        const mark = s.state === 'accepted' ? '✔' : s.state === 'rejected' ? '✘' : '·';
        const phase = SHEET_WORDS.phase[s.phase as 'self'][lang];
        ctx.out(
          `  ${mark} ${s.unit.padEnd(9)} ${phase.padEnd(10)} ${(s.assessor || '—').padEnd(5)} ${s.total ?? ''}`,
        );
      }
    });
}

function describe(r: Outcome & { file: string; annotated?: string | undefined }, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  if (r.state === 'accepted' || r.state === 'duplicate') {
    const dup =
      r.state === 'duplicate'
        ? zh
          ? `(与已提交的 ${r.duplicateOf} 相同)`
          : ` (same as ${r.duplicateOf})`
        : '';
    const phase = r.phase ? (SHEET_WORDS.phase[r.phase as Phase]?.[lang] ?? r.phase) : '';
    // A reconciliation sheet (合议表) has no total: say what it was, not "total null".
    if (r.total === null || r.total === undefined)
      return zh
        ? `✔ ${r.file}:${r.unit ?? ''} ${phase}合议表已接收,合议得分计入该单位结果${dup}`
        : `✔ ${r.file}: reconciliation sheet of ${r.unit ?? ''} (${phase}) accepted; its agreed scores count in the unit's results${dup}`;
    const grade = r.gradeLabel ?? (zh ? '等级待定' : 'grade pending');
    return `✔ ${r.file}: ${r.unit} ${phase} ${r.assessor ?? ''} ${zh ? '总分' : 'total'} ${r.total} ${grade}${dup}`;
  }
  if (r.state === 'rejected') {
    const lines = [`✘ ${r.file}: ${zh ? '被退回' : 'rejected'}`];
    for (const i of r.issues ?? []) lines.push(`    ${i.severity === 'error' ? '✘' : '!'} ${i.message}`);
    if (r.annotated) lines.push(`    ${zh ? '已标注问题的工作簿' : 'annotated workbook'}: ${r.annotated}`);
    return lines.join('\n');
  }
  return `… ${r.file}: ${zh ? '仍在处理中' : 'still processing'} (${r.uploadId})`;
}
