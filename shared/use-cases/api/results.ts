import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lang } from '../../domain/text.ts';
import { tr } from '../../domain/text.ts';
import { buildReconciliationSheet, type ReconRow } from '../../excel/reconciliation-sheet.ts';
import { writeRoundWorkbook } from '../../excel/round-workbook.ts';
import { roundResults } from '../round-results.ts';
import { reportFor } from './report-for.ts';
import type { ApiDeps, ApiRequest, ApiResponse } from './deps.ts';
import { badRequest, forbidden } from './errors.ts';

const lang = (q: Record<string, string>): Lang => (q.lang === 'en' ? 'en' : 'zh');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /rounds/{round}/results?unit&lang — reconciled results per unit and phase, grades with reasons, the plaque list. */
export async function results(req: ApiRequest, d: ApiDeps): Promise<ApiResponse> {
  const report = await reportFor(req, d, req.query.unit);
  return {
    status: 200,
    body: {
      round: report.round,
      ruleSet: report.ruleSet,
      method: report.method,
      plaques: report.units
        .filter((u) => u.plaque)
        .map((u) => ({ unit: u.code, name: u.name, total: u.formal?.total, grade: u.formal?.gradeLabel })),
      units: report.units,
      distribution: report.distribution,
      agreement: report.agreement,
      missing: req.caller.role === 'admin' ? report.missing : undefined,
    },
  };
}

/** GET /rounds/{round}/workbook?lang — the consolidated workbook (admins), as a presigned link. */
export async function workbookLink(req: ApiRequest, d: ApiDeps): Promise<ApiResponse> {
  if (req.caller.role !== 'admin') throw forbidden();
  const report = await reportFor(req, d);
  const dir = mkdtempSync(join(tmpdir(), 'cepin-wb-'));
  const name = `${d.district}-${report.round}-${report.lang}.xlsx`;
  try {
    await writeRoundWorkbook(report, join(dir, name));
    const key = `generated/reports/${report.round}/${name}`;
    await d.objects.put(key, readFileSync(join(dir, name)), XLSX);
    return { status: 200, body: { url: await d.objects.presignGet(key, 3600, name), fileName: name } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GET /rounds/{round}/reconciliation-sheet?unit&phase&lang — the 合议表 for a unit's flagged items (panel lead or admin). */
export async function reconciliationSheetLink(req: ApiRequest, d: ApiDeps): Promise<ApiResponse> {
  const unit = req.query.unit;
  const phase = req.query.phase === 'precheck' ? 'precheck' : 'formal';
  if (!unit) throw badRequest('unit is required');
  const rr = await roundResults(req.params.round ?? '', d, unit);
  const a = rr.roster.assignments.find((x) => x.unit === unit);
  const c = req.caller;
  const lead = rr.roster.assessors.find((x) => x.id === c.ref)?.lead === true;
  const panel = phase === 'precheck' ? a?.precheck : a?.formal;
  if (c.role !== 'admin' && !(c.role === 'assessor' && lead && panel?.includes(c.ref))) throw forbidden();
  const result = rr.units[0]?.[phase];
  if (!result) throw badRequest(`no ${phase} sheets for ${unit} yet`);
  const l = lang(req.query);
  const rows: ReconRow[] = result.items
    .filter((i) => i.flagged)
    .map((i) => ({
      code: i.code,
      title: tr(rr.rs.byCode.get(i.code)!.title, l),
      max: i.max,
      reasons: i.flagReasons.join(', '),
      scores: result.assessors.map((id) => i.assessorScores.find((s) => s.assessor === id)?.score ?? null),
      computed: i.computed,
    }));
  const bytes = await buildReconciliationSheet(
    {
      round: rr.round.round,
      unit,
      phase,
      ruleSet: rr.rs.id,
      fingerprint: rr.rs.fingerprint,
      lang: l,
      generatedAt: d.now().toISOString(),
    },
    result.assessors,
    rows,
  );
  const name = `${rr.round.round}-${unit}-${phase}-合议表.xlsx`;
  const key = `generated/reconciliation/${rr.round.round}/${unit}-${phase}-${l}.xlsx`;
  await d.objects.put(key, bytes, XLSX);
  return {
    status: 200,
    body: { url: await d.objects.presignGet(key, 3600, name), fileName: name, flagged: rows.length },
  };
}
