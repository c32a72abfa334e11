import { describe, expect, it } from 'vitest';
import { checkResponse, CONTRACT } from '../../../shared/api/contract.ts';
import { actionsFrom, PHASE_TRANSITIONS } from '../../../shared/api/phases.ts';
import { CreateRoundRequest } from '../../../shared/api/requests.ts';
import { DOCUMENT_ROUTES, ROUTES } from '../../../shared/api/routes.ts';
import { API_ERRORS, ROUND_ID, ROUND_ID_PATTERN } from '../../../shared/api/terms.ts';
import { MESSAGES } from '../../../shared/domain/messages.ts';
import { HANDLERS } from '../../../shared/use-cases/api/dispatch.ts';
import { DOCUMENT_HANDLERS } from '../../../shared/use-cases/api/documents.ts';

describe('the API contract (shared/api)', () => {
  it('gives every route a response schema, and every route a use case on exactly one function', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...ROUTES].sort());
    const served = [...Object.keys(HANDLERS), ...Object.keys(DOCUMENT_HANDLERS)].sort();
    expect(served).toEqual([...ROUTES].sort());
    expect(Object.keys(DOCUMENT_HANDLERS)).toEqual([...DOCUMENT_ROUTES]);
  });

  it('lets a phase go forward only: open, close scoring, close — never back to open once scores are seen', () => {
    expect(actionsFrom('pending')).toEqual(['open']);
    expect(actionsFrom('open')).toEqual(['close-scoring', 'close']);
    expect(actionsFrom('scoring-closed')).toEqual(['close']);
    expect(actionsFrom('closed')).toEqual([]);
    expect(PHASE_TRANSITIONS['scoring-closed']).not.toContain('open');
  });

  it('takes round ids of a letter or digit then up to 31 letters, digits or hyphens, the same in a browser', () => {
    for (const ok of ['2026', 'a', 'R-2026-spring', 'x'.repeat(32)]) expect(ROUND_ID.test(ok), ok).toBe(true);
    for (const bad of ['', '-2026', '2026_1', 'x'.repeat(33), '20 26', '轮次'])
      expect(ROUND_ID.test(bad), bad).toBe(false);
    // Browsers compile an input's `pattern` with the v flag, anchored: the same ids pass.
    const html = new RegExp(`^(?:${ROUND_ID_PATTERN})$`, 'v');
    for (const id of ['2026', 'R-2026-spring', '-2026', 'x'.repeat(33)])
      expect(html.test(id)).toBe(ROUND_ID.test(id));
    expect(CreateRoundRequest.safeParse({ round: '-1', rules: 'r', roster: 'x' }).success).toBe(false);
  });

  it('defaults a new round to no open phase and the trimmed mean', () => {
    const r = CreateRoundRequest.parse({ round: '2026', rules: 'r', roster: 'x' });
    expect(r.open).toEqual([]);
    expect(r.method).toBe('trimmed-mean');
  });

  it('has every error code in the catalogue, in Chinese and English', () => {
    for (const code of Object.keys(API_ERRORS)) {
      const m = (MESSAGES as Record<string, { zh: string; en: string }>)[code];
      expect(m?.zh, code).toBeTruthy();
      expect(m?.en, code).toBeTruthy();
    }
  });
});

describe('checkResponse', () => {
  const link = { url: 'https://x/y', fileName: 'y.xlsx' };
  it('accepts an answer with the route’s status and body, and fields the contract does not name', () => {
    expect(checkResponse('GET /rounds/{round}/template', 200, { ...link, extra: 1 })).toEqual([]);
  });

  it('names a missing field, a wrong type and a state the contract does not know', () => {
    expect(checkResponse('GET /rounds/{round}/template', 200, { url: 'u' })).toEqual([
      'GET /rounds/{round}/template: fileName: Invalid input: expected string, received undefined',
    ]);
    const slot = { phase: 'formal', unit: 'DC01', assessor: 'A01', total: null, uploadId: null };
    const status = {
      round: '2026',
      phases: { self: 'open', precheck: 'open', formal: 'reopened', spotcheck: 'pending' },
      submissions: [{ ...slot, state: 'late', receivedAt: null, rejections: 0 }],
      names: { units: {}, assessors: {} },
    };
    const problems = checkResponse('GET /rounds/{round}/status', 200, status);
    expect(problems.map((p) => p.split(': ')[1])).toEqual(['phases.formal', 'submissions.0.state']);
  });

  it('wants the route’s own success status', () => {
    expect(checkResponse('POST /rounds/{round}/uploads', 200, {})).toEqual([
      'POST /rounds/{round}/uploads: status 200, the contract says 201',
    ]);
  });

  it('wants a failure to carry an error body whose code has that status', () => {
    const error = (code: string) => ({ error: { code, message: { zh: '无权', en: 'No' } } });
    expect(checkResponse('GET /rounds', 403, error('api.forbidden'))).toEqual([]);
    expect(checkResponse('GET /rounds', 404, error('api.forbidden'))).toEqual([
      'GET /rounds: api.forbidden answered 404, the contract says 403',
    ]);
    expect(checkResponse('GET /rounds', 400, error('api.nope'))).toEqual([
      'GET /rounds: error code api.nope is not in API_ERRORS',
    ]);
    expect(checkResponse('GET /rounds', 500, 'Internal Server Error')).toEqual([
      'GET /rounds: 500 without an error body',
    ]);
  });
});
