import type { DOCUMENT_ROUTES } from '../../api/routes.ts';
import { feedbackDocx, feedbackFileName } from '../../documents/feedback-docx.ts';
import type { ApiDeps, ApiRequest, RouteAnswer, RouteUseCase } from './deps.ts';
import { badRequest } from './errors.ts';
import { reportFor } from './report-for.ts';
import { calibrationDocxLink } from './calibration.ts';
import { rectificationDocxLink } from './rectification.ts';
import { DOCX_TYPE, generated } from './links.ts';

/** GET /rounds/{round}/feedback?unit&lang — the unit's written feedback (.docx) as a presigned link. */
export async function feedbackLink(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/feedback'> {
  const unit = req.query.unit;
  if (!unit) throw badRequest('unit is required');
  const report = await reportFor(req, d, unit);
  const u = report.units.find((x) => x.code === unit);
  if (!u) throw badRequest(`unit ${unit} is not assessed in this round`);
  const name = feedbackFileName(u.feedback, report.lang);
  const key = `generated/feedback/${report.round}/${name}`;
  return generated(d.objects, key, name, await feedbackDocx(u.feedback, report.lang), DOCX_TYPE);
}

/** The document routes' use cases (the `documents` function; the local gateway serves them too). */
export const DOCUMENT_HANDLERS = {
  'GET /rounds/{round}/feedback': feedbackLink,
  'GET /rounds/{round}/calibration/docx': calibrationDocxLink,
  'GET /rounds/{round}/rectification/docx': rectificationDocxLink,
} satisfies Record<(typeof DOCUMENT_ROUTES)[number], RouteUseCase<(typeof DOCUMENT_ROUTES)[number]>>;
