import { RUBRIC_UPLOADS } from '../../api/terms.ts';
import { RubricUploadRequest } from '../../api/requests.ts';
import { tr } from '../../domain/text.ts';
import { type ApiDeps, type ApiRequest, type RouteAnswer, langOf } from './deps.ts';
import { ApiError, forbidden, notFound } from './errors.ts';
import { parseBody } from './rounds.ts';
import { openSlot } from './uploads.ts';
import { generated, linkTo } from './links.ts';

/** Rubric management is the bureau's: admins only (docs/security.md, "Rubrics"). */
const adminOnly = (req: ApiRequest) => {
  if (req.caller.role !== 'admin') throw forbidden();
};

/** GET /rubrics — every stored rubric version of the district, with the rounds that pin it. */
export async function listRubrics(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rubrics'> {
  adminOnly(req);
  const [versions, rounds] = await Promise.all([d.rubrics.versions(), d.store.listRounds()]);
  const rubrics = await Promise.all(
    versions.map(async (v) => {
      const rs = await d.rubrics.get(v.id, v.version);
      return {
        id: v.id,
        version: v.version,
        fingerprint: v.fingerprint,
        title: v.title,
        base: v.base ?? null,
        origin: v.origin,
        createdAt: v.createdAt,
        createdBy: v.createdBy,
        fileName: v.fileName ?? null,
        items: rs?.leaves.length ?? 0,
        scale: rs?.scale ?? 0,
        rounds: rounds.filter((r) => r.rules === v.id && r.ruleVersion === v.version).map((r) => r.round),
      };
    }),
  );
  return { status: 200, body: { rubrics } };
}

/**
 * POST /rubrics/uploads `{ fileName, size? }` — a presigned POST for one rubric workbook, through the
 * same path, limits and checks as every sheet; ingest stores it as a new version or rejects it.
 */
export async function requestRubricUpload(req: ApiRequest, d: ApiDeps): RouteAnswer<'POST /rubrics/uploads'> {
  adminOnly(req);
  const { fileName, size } = parseBody(RubricUploadRequest, req.body);
  if (size !== undefined && size > d.maxBytes)
    throw new ApiError(413, 'api.upload-too-large', { size, max: d.maxBytes });
  return openSlot(req, d, RUBRIC_UPLOADS, fileName);
}

/**
 * GET /rubrics/{id}/{version}/workbook?lang — a link to a version's workbook: the one the admin
 * uploaded, as it came; for a shipped sample, its export.
 */
export async function rubricWorkbookLink(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rubrics/{id}/{version}/workbook'> {
  adminOnly(req);
  const id = req.params.id ?? '';
  const version = Number(req.params.version);
  const v = Number.isInteger(version) && version > 0 ? await d.rubrics.version(id, version) : undefined;
  if (!v) throw notFound(`rubric ${id} v${req.params.version}`);
  if (v.sourceKey) {
    const name = v.fileName ?? `${v.id}-v${v.version}.xlsx`;
    return linkTo(d.objects, v.sourceKey, name);
  }
  const l = langOf(req.query);
  const name = `${v.id}-v${v.version}-${l}.xlsx`;
  const key = `generated/rubrics/${name}`;
  const { writeRubricWorkbook } = await import('../../excel/rubric-workbook.ts');
  return generated(d.objects, key, name, await writeRubricWorkbook(v.file, l));
}

/** GET /rubric-template?lang — a link to the blank rubric workbook, with its instructions. */
export async function rubricTemplateLink(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rubric-template'> {
  adminOnly(req);
  const l = langOf(req.query);
  const name = l === 'zh' ? '细则工作簿模板.xlsx' : 'rubric-template.xlsx';
  const key = `generated/rubrics/${name}`;
  const { blankRubricWorkbook } = await import('../../excel/rubric-workbook.ts');
  return generated(d.objects, key, name, await blankRubricWorkbook(l));
}

/**
 * GET /rounds/{round}/rubric?lang — the round's pinned rubric as a list (codes, titles, points, how
 * each item is scored, its evidence), for everyone of the district: units see it in their templates
 * anyway; the portal lists the items a unit attaches evidence to.
 */
export async function roundRubric(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/rubric'> {
  const round = await d.store.getRound(req.params.round ?? '');
  if (!round) throw notFound(`round ${req.params.round}`);
  const rs = await d.rubrics.get(round.rules, round.ruleVersion);
  if (!rs || rs.fingerprint !== round.fingerprint)
    throw notFound(`rule set ${round.rules} v${round.ruleVersion}`);
  const lang = langOf(req.query);
  const { describeMethod } = await import('../../domain/sheet-text.ts');
  return {
    status: 200,
    body: {
      round: round.round,
      ruleSet: {
        id: rs.id,
        version: rs.version,
        fingerprint: rs.fingerprint,
        title: tr(rs.title, lang),
        scale: rs.scale,
      },
      nodes: rs.nodes.map((n) => {
        const leaf = n.children.length === 0;
        return {
          code: n.code,
          title: tr(n.title, lang),
          maxPoints: n.maxPoints,
          depth: n.depth,
          parent: n.parent ?? null,
          leaf,
          method: leaf ? describeMethod(n, lang) : null,
          evidence: n.evidence ? tr(n.evidence, lang) : null,
        };
      }),
    },
  };
}
