import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ResponseOf } from '../../shared/api/contract.ts';
import type { Api } from './api.ts';
import { Table } from './components.tsx';
import { ItemFiles, useRefusals, useSender, type EvidenceFile } from './evidence-parts.tsx';
import { SelfNote, SelfScore, SelfSummary, useSelfSheet } from './evidence-review.tsx';
import { useI18n } from './i18n.ts';
import type { RoundDetail, RoundInfo } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';
import './evidence.css';

type RoundRubric = ResponseOf<'GET /rounds/{round}/rubric'>;
type RubricNode = RoundRubric['nodes'][number];

/**
 * A unit's evidence files (佐证材料) of a round against the round's whole pinned rubric
 * (`GET /rounds/{round}/rubric`): every category and item as a row with its code, title and points,
 * each scored item's files under it with their downloads and refusals; the unit's files as a whole
 * first. With `edit` (the unit itself) each scored item has a drop zone and file chooser (the server
 * still judges each file's kind from its bytes, the refusal shown beside the item). With `review`
 * (an assessor on the unit's panels) the unit's self-assessment of each item and what it wrote there
 * stand beside the item's points and files. Loaded on demand (lazy.tsx): its own chunk.
 */
export function EvidenceView({
  api,
  round,
  unit,
  name,
  edit,
  review,
}: {
  api: Api;
  round: string;
  unit: string;
  name?: string | undefined;
  edit?: boolean | undefined;
  review?: boolean | undefined;
}) {
  const { t, lang } = useI18n();
  const r = encodeURIComponent(round);
  const list = useLoad(
    () => api.get<ResponseOf<'GET /rounds/{round}/evidence'>>(`/rounds/${r}/evidence`, { unit }),
    [api, r, unit],
  );
  const rubric = useLoad(() => api.get<RoundRubric>(`/rounds/${r}/rubric`, { lang }), [api, r, lang]);
  const self = useSelfSheet(api, r, unit, !!review);
  const refused = useRefusals(api, r, unit, !!edit);
  const { sending, send } = useSender(api, r, unit, list.reload);
  const files = list.data?.files ?? [];
  const nodes = rubric.data?.nodes ?? [];
  const sent = new Set(sending.map((s) => s.outcome?.uploadId));
  const refusals = (refused.data ?? []).filter((x) => !sent.has(x.uploadId));
  // Files of an item the list does not show (the rubric not loaded): each in its own group.
  const leaves = new Set(nodes.filter((n) => n.leaf).map((n) => n.code));
  const others = rubric.data
    ? [...new Set(files.map((f) => f.item ?? '').filter((i) => i && !leaves.has(i)))]
    : [];

  const of = <T extends { item: string | null }>(xs: T[], item: string) =>
    xs.filter((x) => (x.item ?? '') === item);
  const cell = (item: string, drop: string) => (
    <ItemFiles
      api={api}
      r={r}
      inputId={`ev-${unit}-${item || 'unit'}`}
      files={of<EvidenceFile>(files, item)}
      refusals={of(refusals, item)}
      sending={of(sending, item)}
      drop={drop}
      onFiles={edit ? (l) => l.forEach((f) => void send(f, item)) : undefined}
    />
  );
  const cols = [
    'portal.col-item',
    'portal.col-points',
    ...(review ? ['portal.col-self', 'portal.col-self-note'] : []),
    'portal.col-evidence',
  ];

  return (
    <section class={review ? 'ev ev-review' : 'ev'} aria-labelledby={`ev-${unit}`}>
      <h2 id={`ev-${unit}`}>
        {t(review ? 'portal.review-title' : 'portal.tab-evidence')} · <code>{unit}</code> {name ?? ''}
      </h2>
      <p class="muted small">
        {t(review ? 'portal.review-intro' : edit ? 'portal.evidence-intro' : 'portal.evidence-read')}
      </p>
      {review && <LoadState data={self.data} error={self.error} />}
      {review && self.data !== undefined && <SelfSummary sheet={self.data} />}
      <LoadState data={list.data} error={list.error} />
      <div class="ev-item ev-unit">
        <h3>{t('portal.evidence-unit-wide')}</h3>
        {cell('', t('portal.evidence-drop'))}
        {list.data && !edit && of(files, '').length === 0 && (
          <p class="muted small">{t('portal.evidence-none')}</p>
        )}
      </div>
      {others.map((item) => (
        <div key={item} class="ev-item">
          <h3>{t('portal.evidence-item', { item })}</h3>
          {cell(item, t('portal.evidence-drop'))}
        </div>
      ))}
      <LoadState data={rubric.data} error={rubric.error} />
      {rubric.data && (
        <Table cols={cols} stack>
          {nodes.map((n) => (
            <Row key={n.code} n={n}>
              {review && (
                <>
                  <td data-label={t('portal.col-self')} class="ev-score">
                    {n.leaf ? (
                      <SelfScore item={self.data?.items.get(n.code)} />
                    ) : (
                      <CategoryScore c={self.data?.categories.get(n.code)} />
                    )}
                  </td>
                  <td data-label={n.leaf ? t('portal.col-self-note') : undefined} class="ev-note-cell">
                    {n.leaf && <SelfNote item={self.data?.items.get(n.code)} />}
                  </td>
                </>
              )}
              <td data-label={n.leaf ? t('portal.col-evidence') : undefined}>
                {n.leaf && cell(n.code, t('portal.evidence-drop-item'))}
              </td>
            </Row>
          ))}
        </Table>
      )}
    </section>
  );
}

/** A category's or item's row: code and title (indented by depth), points, then the cells given. */
function Row({ n, children }: { n: RubricNode; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <tr class={n.leaf ? 'ev-leaf' : n.depth === 0 ? 'ev-cat ev-top' : 'ev-cat'} data-item={n.code}>
      <th scope="row" class={`ev-d${Math.min(n.depth, 4)}`}>
        <code>{n.code}</code> {n.title}
      </th>
      <td class="num" data-label={t('portal.col-points')}>
        {n.maxPoints}
      </td>
      {children}
    </tr>
  );
}

/** A category's subtotal on the self-assessment (blank if the sheet has none). */
function CategoryScore({ c }: { c: { score: number; na: boolean } | undefined }) {
  const { t } = useI18n();
  return c ? <span class="muted">{c.na ? t('cli.na') : c.score}</span> : null;
}

/**
 * Evidence of one of `units` chosen (the first unless another is picked): the admin's tab, and an
 * assessor's units (those it is assigned to) on its own page.
 */
export function EvidenceUnits({
  api,
  round,
  units,
  edit,
  review,
}: {
  api: Api;
  round: string;
  units: { code: string; name?: string | undefined }[];
  edit?: boolean;
  review?: boolean;
}) {
  const { t } = useI18n();
  const [chosen, setUnit] = useState('');
  const unit = units.find((u) => u.code === chosen) ?? units[0];
  return (
    <>
      {units.length > 1 && (
        <p class="toolbar">
          <label for="ev-unit">{t('portal.col-unit')}</label>
          <select id="ev-unit" value={unit?.code} onChange={(e) => setUnit(e.currentTarget.value)}>
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.code} {u.name ?? ''}
              </option>
            ))}
          </select>
        </p>
      )}
      {unit && (
        <EvidenceView
          key={unit.code}
          api={api}
          round={round}
          unit={unit.code}
          name={unit.name}
          edit={edit}
          review={review}
        />
      )}
    </>
  );
}

/**
 * The admin's evidence tab: a unit of the round chosen, its evidence read-only against the rubric
 * with the unit's self-assessment beside it — except in a calibration round, where the admin attaches
 * the reference cases' evidence (a case has nobody to sign in as).
 */
export function AdminEvidence({ api, round }: { api: Api; round: RoundInfo }) {
  const detail = useLoad(
    () => api.get<RoundDetail>(`/rounds/${encodeURIComponent(round.round)}`),
    [api, round.round],
  );
  const calibration = round.kind === 'calibration';
  return (
    <>
      <LoadState data={detail.data} error={detail.error} />
      <EvidenceUnits
        api={api}
        round={round.round}
        units={detail.data?.roster?.units ?? []}
        edit={calibration}
        review={!calibration}
      />
    </>
  );
}
