import type { ResponseOf } from '../api/contract.ts';
import { KEY_ASSESSOR } from '../api/terms.ts';
import type { ApiClient } from '../client/api-client.ts';
import { uploadAndWait } from '../client/upload.ts';
import type { Layout } from '../domain/layout.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import { seededRandom } from '../domain/sample.ts';
import type { Lang } from '../domain/text.ts';
import { makeSample } from '../use-cases/make-template.ts';

/** The two reference cases of the demo's calibration. */
const CASES: Record<Lang, { code: string; title: string; description: string }[]> = {
  zh: [
    {
      code: 'CASE1',
      title: '参考案例一:某委办局 2025 年档案工作',
      description: '文书档案 320 卷,照片档案 1 200 张,有库房一间',
    },
    {
      code: 'CASE2',
      title: '参考案例二:某街道办事处 2025 年档案工作',
      description: '文书档案 96 卷,无专用库房',
    },
  ],
  en: [
    {
      code: 'CASE1',
      title: 'Reference case 1: a commission’s archive work in 2025',
      description: '320 files, 1,200 photographs, one store room',
    },
    {
      code: 'CASE2',
      title: 'Reference case 2: a sub-district office’s archive work in 2025',
      description: '96 files, no store room of its own',
    },
  ],
};

/** What the demo's calibration did, for its summary. */
export interface DemoCalibration {
  before: string;
  after: string;
  sheets: number;
  assessors: number;
  alpha: { before: number | null; after: number | null };
  narrower: number;
  items: number;
  files: string[];
}

/**
 * Every assessor's sheet of a case: the key's sheet (`seed`) read by each assessor with some noise
 * — before training often half a point or a point off, after it seldom.
 */
function noisy(seed: number, rate: number) {
  return (values: Map<string, string | number>, layout: Layout) => {
    const rnd = seededRandom(seed);
    for (const row of layout.rows) {
      const cell = row.inputs.find((c) => c.kind === 'score');
      const v = cell && values.get(cell.address);
      if (typeof v === 'number' && rnd() < rate)
        values.set(cell!.address, Math.max(0, v - 0.5 * (1 + Math.floor(rnd() * 2))));
    }
  };
}

/**
 * The article's two-way training, measured: a calibration round on two reference cases (a key for
 * the first; the panel median for the second) before the district round, the report released to the
 * assessors, then a second calibration after the training, compared with the first.
 */
export async function runDemoCalibration(d: {
  login: (as: string) => Promise<ApiClient>;
  rs: RuleSet;
  assessors: string[];
  rosterBytes: Uint8Array;
  lang: Lang;
  now: () => Date;
  write: (file: string, bytes: Uint8Array) => void;
}): Promise<DemoCalibration> {
  const admin = await d.login('admin');
  const cases = CASES[d.lang];
  let sheets = 0;
  const run = async (round: string, rate: number) => {
    await admin.call('POST', '/rounds', {
      round,
      rules: d.rs.id,
      ruleVersion: d.rs.version,
      roster: Buffer.from(d.rosterBytes).toString('base64'),
      kind: 'calibration',
      cases,
    });
    const spec = (unit: string, assessor: string, seed: number) =>
      ({ phase: 'formal', unit, assessor, lang: d.lang, now: d.now, seed, lossRate: 0.25 }) as const;
    const key = await makeSample(d.rs, spec('CASE1', KEY_ASSESSOR, 501));
    await uploadAndWait(admin, round, `CASE1-${KEY_ASSESSOR}.xlsx`, key.bytes, { lang: d.lang });
    for (const [n, a] of d.assessors.entries()) {
      const client = await d.login(`assessor:${a}`);
      for (const [c, kase] of cases.entries()) {
        const made = await makeSample(
          d.rs,
          spec(kase.code, a, 501 + c),
          noisy(round.length * 97 + n * 13 + c, rate),
        );
        const out = await uploadAndWait(client, round, `${kase.code}-${a}.xlsx`, made.bytes, {
          lang: d.lang,
        });
        if (out.state === 'accepted') sheets++;
      }
    }
    await admin.call('POST', `/rounds/${round}/phases/formal`, { action: 'close-scoring' });
    await admin.call('POST', `/rounds/${round}/calibration/release`);
  };
  const before = 'cal-2026';
  const after = 'cal-2026-b';
  await run(before, 0.35);
  await run(after, 0.06);
  const files: string[] = [];
  const q = `lang=${d.lang}&compare=${before}`;
  for (const kind of ['workbook', 'docx'] as const) {
    const link = await admin.call<{ url: string; fileName: string }>(
      'GET',
      `/rounds/${after}/calibration/${kind}?${q}`,
    );
    d.write(`calibration/${link.fileName}`, await admin.download(link.url));
    files.push(`calibration/${link.fileName}`);
  }
  const first = await admin.call<{ url: string; fileName: string }>(
    'GET',
    `/rounds/${before}/calibration/workbook?lang=${d.lang}`,
  );
  d.write(`calibration/${first.fileName}`, await admin.download(first.url));
  files.unshift(`calibration/${first.fileName}`);
  const r = await admin.call<ResponseOf<'GET /rounds/{round}/calibration'>>(
    'GET',
    `/rounds/${after}/calibration?${q}`,
  );
  return {
    before,
    after,
    sheets,
    assessors: d.assessors.length,
    alpha: { before: r.comparison?.alpha.before ?? null, after: r.comparison?.alpha.after ?? null },
    narrower: r.comparison?.items.filter((i) => i.verdict === 'narrower').length ?? 0,
    items: r.comparison?.items.length ?? 0,
    files,
  };
}
