import type { ResponseOf } from '../../shared/api/contract.ts';
import { SELF_SHEET_WORDS as W } from 'virtual:cepin-catalogue/words';
import type { Api } from './api.ts';
import { useI18n } from './i18n.ts';
import { useLoad } from './use-load.tsx';

type Submission = ResponseOf<'GET /rounds/{round}/submissions'>['submissions'][number];
export type SelfItem = Submission['items'][number];

/** What the unit wrote for an item on its sheet (the sheet's inputs, as stored). */
interface Written {
  met?: boolean;
  problem?: string;
  suggestion?: string;
  evidenceRef?: string;
}

/** The unit's self-assessment that counts (the latest accepted one), by item and category code. */
export interface SelfSheet {
  total: number;
  receivedAt: string;
  items: Map<string, SelfItem>;
  categories: Map<string, { score: number; na: boolean }>;
}

/**
 * The unit's self-assessment for a pre-check or formal assessor's review: `GET /rounds/{round}/submissions`
 * gives an assessor assigned to the unit the unit's self-assessment (and, blind scoring, none of its
 * colleagues' sheets while scoring is open). Null when the unit has sent none; nothing unless `on`.
 */
export function useSelfSheet(api: Api, r: string, unit: string, on: boolean) {
  return useLoad(async (): Promise<SelfSheet | null | undefined> => {
    if (!on) return undefined;
    const { submissions } = await api.get<ResponseOf<'GET /rounds/{round}/submissions'>>(
      `/rounds/${r}/submissions`,
      { unit },
    );
    const s = submissions.find((x) => x.phase === 'self' && x.latest);
    if (!s) return null;
    return {
      total: s.total,
      receivedAt: s.receivedAt,
      items: new Map(s.items.map((i) => [i.code, i])),
      categories: new Map((s.categories ?? []).map((c) => [c.code, c])),
    };
  }, [api, r, unit, on]);
}

const written = (i: SelfItem | undefined): Written => (i?.inputs ?? {}) as Written;

/** An item's self-assessment: 不适用, 符合 / 不符合 for a compliance item, else its points (— if none). */
export function SelfScore({ item }: { item: SelfItem | undefined }) {
  const { t, lang } = useI18n();
  if (!item) return <span class="muted">—</span>;
  const met = written(item).met;
  if (item.na) return <span class="ev-na">{W.na[lang]}</span>;
  if (met !== undefined)
    return <span class={met ? 'ev-met' : 'ev-unmet'}>{(met ? W.met : W.notMet)[lang]}</span>;
  if (item.pending || item.score === null) return <span class="muted">{t('portal.review-pending')}</span>;
  return <strong>{item.score}</strong>;
}

/** What the unit wrote beside an item: the problem it found, its suggestion, its evidence reference. */
export function SelfNote({ item }: { item: SelfItem | undefined }) {
  const { lang } = useI18n();
  const w = written(item);
  const parts = [
    [W.problem, w.problem],
    [W.suggestion, w.suggestion],
    [W.evidence, w.evidenceRef],
  ] as const;
  if (!parts.some(([, v]) => v)) return null;
  return (
    <dl class="ev-note">
      {parts.map(([label, v]) =>
        v ? (
          <div key={label.en}>
            <dt>{label[lang]}</dt>
            <dd>{v}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

/** The self-assessment's total and when it came, or that the unit has sent none yet. */
export function SelfSummary({ sheet }: { sheet: SelfSheet | null }) {
  const { t, time } = useI18n();
  return sheet ? (
    <p class="ev-self-total">
      {t('portal.review-self-total', { total: sheet.total, time: time(sheet.receivedAt) })}
    </p>
  ) : (
    <p class="muted">{t('portal.review-no-self')}</p>
  );
}
