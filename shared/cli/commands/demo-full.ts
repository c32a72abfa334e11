import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { MultiBar, Presets } from 'cli-progress';
import { ApiClient } from '../../client/api-client.ts';
import type { Roster } from '../../domain/roster.ts';
import { sampleRoster } from '../../domain/sample-roster.ts';
import type { Lang } from '../../domain/text.ts';
import { readRoundWorkbook, writeDistrictComparison } from '../../excel/district-compare.ts';
import { toBytes } from '../../excel/fill-workbook.ts';
import { buildRosterTemplate } from '../../excel/roster-workbook.ts';
import { portFree } from '../../local/s3-local.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { runDemoRound, type DemoRoundSummary } from '../demo-driver.ts';
import { runDemoCalibration, type DemoCalibration } from '../demo-calibration.ts';
import { uploadRubricAndWait } from '../../client/upload.ts';
import { resolveRuleSet } from '../../domain/rule-set.ts';
import type { NodeInput, RuleSetFile } from '../../domain/rule-set-schema.ts';
import { writeRubricWorkbook } from '../../excel/rubric-workbook.ts';
import type { CliContext } from '../context.ts';

const DONGCHENG = { prefix: 'DC', name: '东城区' };

async function freeStack(district: string): Promise<LocalStack> {
  for (let i = 0; i < 30; i++) {
    const port = 21000 + Math.floor(Math.random() * 20000);
    if ((await portFree(port)) && (await portFree(port + 1)) && (await portFree(port + 2))) {
      return startLocalStack({
        port,
        dataDir: mkdtempSync(join(tmpdir(), `cepin-demo-${district}-`)),
        district,
        inMemory: true,
      });
    }
  }
  throw new Error('no free ports');
}

/**
 * A smaller district for the municipal comparison: the first units of the sample roster, renamed
 * for the district (东城区… → 西城区…, DC01 → XC01); home units left out are dropped.
 */
function smallRoster(r: Roster, units: number, district: { prefix: string; name: string }): Roster {
  const keep = new Set(
    r.units
      .filter((u) => !u.parent)
      .slice(0, units)
      .map((u) => u.code),
  );
  const code = (c: string) => c.replace(/^DC/, district.prefix);
  const kept = r.units.filter((u) => keep.has(u.code) || (u.parent && keep.has(u.parent)));
  const keptCodes = new Set(kept.map((u) => u.code));
  return {
    units: kept.map((u) => ({
      code: code(u.code),
      name: u.name.replace(/^东城区/, district.name),
      parent: u.parent && code(u.parent),
    })),
    // A home unit left out of the smaller district makes its assessor one from outside (回避 still holds).
    assessors: r.assessors.map(({ home, ...a }) =>
      home !== undefined && keptCodes.has(home) ? { ...a, home: code(home) } : a,
    ),
    assignments: r.assignments
      .filter((a) => keep.has(a.unit))
      .map((a) => ({ ...a, unit: code(a.unit), spotchecked: a.spotchecked.map(code) })),
  };
}

/**
 * A district's own rubric without a developer: the municipal sample's workbook with 2.2.2 worth 2
 * points and 2.2.3 worth 3 (the same 2.2 total), uploaded through the API as version 2.
 */
async function refineRubric(ctx: CliContext, admin: ApiClient, lang: Lang) {
  const raw = JSON.parse(readFileSync(join(ctx.rules().dir, 'municipal-sample.json'), 'utf8')) as RuleSetFile;
  const refined = structuredClone({ ...raw, version: 2 });
  const walk = (n: NodeInput) => {
    if (n.code === '2.2.2') n.maxPoints = 2;
    if (n.code === '2.2.3') n.maxPoints = 3;
    n.children?.forEach(walk);
  };
  refined.categories.forEach(walk);
  const bytes = await writeRubricWorkbook(refined, lang);
  const file = `rubric-municipal-sample-v2-${lang}.xlsx`;
  const out = await uploadRubricAndWait(admin, file, bytes, { lang });
  const resolved = resolveRuleSet(refined, () => undefined);
  if (!resolved.ok || out.state !== 'accepted' || out.rubric?.fingerprint !== resolved.ruleSet.fingerprint)
    throw new Error(`the refined rubric was not stored: ${out.state} ${JSON.stringify(out.issues ?? [])}`);
  const note =
    lang === 'zh'
      ? `西城区上传本区细则工作簿 ${file},存为 municipal-sample 第 2 版(${out.rubric.fingerprint.slice(0, 12)}),本轮使用该版本`
      : `xicheng uploaded its rubric workbook ${file}, stored as municipal-sample v2 (${out.rubric.fingerprint.slice(0, 12)}), used by its round`;
  return { rs: resolved.ruleSet, bytes, file, note };
}

/**
 * The whole main job on the embedded local stack: three districts' rounds (points rubrics in
 * dongcheng and xicheng, a compliance checklist in chaoyang), workbooks, feedback, comparison.
 */
export async function fullDemo(
  ctx: CliContext,
  o: { out: string; lang: Lang; json: boolean; units?: number },
) {
  const out = resolve(o.out);
  const write = (file: string, bytes: Uint8Array) => {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), bytes);
  };
  const bars = new MultiBar(
    {
      format: '{district} {bar} {value}/{total} {label}',
      hideCursor: true,
      stream: process.stderr,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  const districts = [
    {
      code: 'dongcheng',
      rules: 'dongcheng-sample',
      roster: o.units ? smallRoster(sampleRoster(), o.units, DONGCHENG) : sampleRoster(),
    },
    {
      code: 'xicheng',
      rules: 'municipal-sample',
      roster: smallRoster(sampleRoster(), Math.min(o.units ?? 8, 8), { prefix: 'XC', name: '西城区' }),
    },
    {
      // A compliance checklist (符合/不符合, graded by the share of items met): its feedback lists
      // the items not met with the problem found and the suggestion.
      code: 'chaoyang',
      rules: 'national-checklist-sample',
      roster: smallRoster(sampleRoster(), Math.min(o.units ?? 6, 6), { prefix: 'CY', name: '朝阳区' }),
    },
  ];
  const summaries: (DemoRoundSummary & {
    district: string;
    workbook: string;
    feedback: string[];
    earlier?: DemoRoundSummary | undefined;
  })[] = [];
  const rubricNotes: string[] = [];
  let calibration: DemoCalibration | undefined;
  for (const dist of districts) {
    const stack = await freeStack(dist.code);
    try {
      const login = async (as: string) => {
        const r = await new ApiClient(stack.apiUrl, undefined).call<{ token: string }>(
          'POST',
          '/local/login',
          { as },
        );
        return new ApiClient(stack.apiUrl, r.token);
      };
      const admin = await login('admin');
      let rs = ctx.rules().require(dist.rules);
      if (dist.code === 'xicheng') {
        // 西城区 refines the municipal rubric in its workbook and stores it as version 2: no redeploy.
        const refined = await refineRubric(ctx, admin, o.lang);
        write(`${dist.code}/${refined.file}`, refined.bytes);
        rubricNotes.push(refined.note);
        rs = refined.rs;
      }
      const bar = bars.create(1, 0, { district: dist.code.padEnd(9), label: '' });
      const rosterBytes = await toBytes(buildRosterTemplate(o.lang, dist.roster, ctx.now()));
      if (dist.code === 'dongcheng') {
        // Before the round: the assessors calibrated on two reference cases, before and after training.
        bar.update(0, { district: dist.code.padEnd(9), label: o.lang === 'zh' ? '校准' : 'calibration' });
        calibration = await runDemoCalibration({
          login,
          rs,
          assessors: dist.roster.assessors.map((a) => a.id),
          rosterBytes,
          lang: o.lang,
          now: ctx.now,
          write: (f, b) => write(`${dist.code}/${f}`, b),
        });
      }
      const roundOf = (round: string, earlier = false) =>
        runDemoRound({
          login,
          rs,
          roster: dist.roster,
          rosterBytes,
          round,
          lang: o.lang,
          now: ctx.now,
          earlier,
          write: (f, b) => write(`${dist.code}/${earlier ? `${round}/` : ''}${f}`, b),
          progress: (done, total, label) => {
            bar.setTotal(total);
            bar.update(done, { district: dist.code.padEnd(9), label: `${round} ${label.split('/').pop()}` });
          },
        });
      // Last year's formal assessment, so this year's results say what changed and what recurs.
      const earlier = dist.code === 'dongcheng' ? await roundOf('2025', true) : undefined;
      const summary = { ...(await roundOf('2026')), earlier };
      const link = await admin.call<{ url: string; fileName: string }>(
        'GET',
        `/rounds/2026/workbook?lang=${o.lang}`,
      );
      const workbook = `${dist.code}/${link.fileName}`;
      write(workbook, await admin.download(link.url));
      const feedback: string[] = [];
      if (dist.code !== 'xicheng') {
        for (const a of dist.roster.assignments) {
          const f = await admin.call<{ url: string; fileName: string }>(
            'GET',
            `/rounds/2026/feedback?unit=${a.unit}&lang=${o.lang}`,
          );
          write(`${dist.code}/feedback/${f.fileName}`, await admin.download(f.url));
          feedback.push(join(out, dist.code, 'feedback', f.fileName));
        }
      }
      summaries.push({ ...summary, district: dist.code, workbook: join(out, workbook), feedback });
    } finally {
      await stack.stop();
    }
  }
  bars.stop();
  const inputs = [];
  for (const s of summaries) {
    const r = await readRoundWorkbook(readFileSync(s.workbook), s.workbook);
    if (r.summary) inputs.push(r.summary);
  }
  const municipal = join(out, `municipal-2026-${o.lang}.xlsx`);
  const { notes } = await writeDistrictComparison(inputs, o.lang, municipal);
  const zh = o.lang === 'zh';
  for (const s of summaries) {
    ctx.out(
      zh
        ? `${s.district}:${s.units} 个单位,${s.sheets} 张评分表,${s.accepted} 张通过,${s.rejected} 张退回(${s.fixedAndResent} 张改正后重传)${s.reconciled ? `,${s.reconciled.unit} 合议 ${s.reconciled.items} 项` : ''}`
        : `${s.district}: ${s.units} units, ${s.sheets} sheets, ${s.accepted} accepted, ${s.rejected} rejected (${s.fixedAndResent} corrected and resent)${s.reconciled ? `, ${s.reconciled.items} items agreed for ${s.reconciled.unit}` : ''}`,
    );
    const r = s.rectification;
    if (r)
      ctx.out(
        zh
          ? `  整改:${r.notices} 个单位收到整改通知书(期限 ${r.deadline}),${r.answered} 个回复${r.partial ? `(${r.partial} 部分整改` : ''}${r.late ? `,${r.late} 逾期` : ''}${r.partial ? ')' : ''}${r.silent ? `,${r.silent} 未回复` : ''},${r.evidence} 份佐证材料`
          : `  Rectification: ${r.notices} units got a notice (deadline ${r.deadline}), ${r.answered} answered${r.partial ? ` (${r.partial} partly` : ''}${r.late ? `, ${r.late} late` : ''}${r.partial ? ')' : ''}${r.silent ? `, ${r.silent} never did` : ''}; ${r.evidence} evidence files`,
      );
    if (s.earlier)
      ctx.out(
        zh
          ? `  上一轮 ${s.earlier.round}:${s.earlier.sheets} 张正式测评表(用于历年对比)`
          : `  Earlier round ${s.earlier.round}: ${s.earlier.sheets} formal sheets (for year over year)`,
      );
    ctx.out(`  ${s.workbook}`);
  }
  if (calibration) {
    const c = calibration;
    ctx.out(
      zh
        ? `校准(东城区):${c.assessors} 名测评员对 2 个参考案例各评一次,培训前 ${c.before}、培训后 ${c.after},共 ${c.sheets} 张评分表;Krippendorff α ${c.alpha.before ?? '—'} → ${c.alpha.after ?? '—'},${c.narrower}/${c.items} 个评分项分歧缩小`
        : `Calibration (dongcheng): ${c.assessors} assessors scored 2 reference cases before (${c.before}) and after training (${c.after}), ${c.sheets} sheets; Krippendorff's alpha ${c.alpha.before ?? '—'} → ${c.alpha.after ?? '—'}, spread narrower on ${c.narrower} of ${c.items} items`,
    );
    for (const f of c.files) ctx.out(`  ${join(out, 'dongcheng', f)}`);
  }
  for (const n of [...rubricNotes, ...notes]) ctx.out(`· ${n}`);
  ctx.out(
    zh
      ? `区县对比:${municipal}\n用时 ${Math.round((Date.now() - started) / 1000)} 秒;输出目录 ${out}`
      : `District comparison: ${municipal}\n${Math.round((Date.now() - started) / 1000)} s; written to ${out}`,
  );
  const main = summaries[0]!;
  if (o.json) {
    ctx.out(
      // Every count covers all three districts (per district under `districts`); the workbook and
      // the feedback documents are the main district's (each district's feedback under `districts`).
      JSON.stringify({
        units: summaries.reduce((s, x) => s + x.units, 0),
        sheets: summaries.reduce((s, x) => s + x.sheets, 0),
        accepted: summaries.reduce((s, x) => s + x.accepted, 0),
        rejected: summaries.reduce((s, x) => s + x.rejected, 0),
        workbook: main.workbook,
        feedback: main.feedback,
        municipal,
        calibration,
        districts: summaries.map((s) => ({
          district: s.district,
          workbook: s.workbook,
          units: s.units,
          sheets: s.sheets,
          accepted: s.accepted,
          rejected: s.rejected,
          feedback: s.feedback,
          rectification: s.rectification,
          earlier: s.earlier && {
            round: s.earlier.round,
            sheets: s.earlier.sheets,
            accepted: s.earlier.accepted,
          },
        })),
      }),
    );
  }
}
