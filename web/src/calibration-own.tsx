import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { Table } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { CalibrationAnswer, CalibrationReport, RoundDetail, RoundInfo } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';

/**
 * A calibration round (校准) in the portal: the pieces the admin's report (admin-calibration.tsx)
 * and an assessor's own results share, and the assessor's section "my calibration". The API cuts
 * an assessor's report to its own row and reasons; this page shows nobody else's id either.
 */

type Items = CalibrationReport['items'];
type Overall = CalibrationReport['overall'];
type Note = CalibrationReport['notes'][number];

/** Points to hundredths ('—' when unknown), signed when asked (+ lenient, − severe). */
export const pts = (x: number | null, signed = false) =>
  x === null ? '—' : `${signed && x > 0 ? '+' : ''}${x.toFixed(2)}`;
/** A share (a fraction, reported to 4 decimals) as a percentage with two decimals. */
export const pct = (x: number | null, signed = false) =>
  x === null ? '—' : `${signed && x > 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;
/** A coefficient (alpha, ICC) to three decimals. */
export const coef = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/**
 * How well the assessors agree, in plain words: Krippendorff's conventions for alpha (≥ 0.8
 * reliable, ≥ 0.667 tentative), else Koo & Li's for ICC (≥ 0.75 good, ≥ 0.5 moderate).
 */
export function agreementLevel(o: Overall): 'good' | 'fair' | 'poor' | 'none' {
  if (o.alpha !== null) return o.alpha >= 0.8 ? 'good' : o.alpha >= 0.667 ? 'fair' : 'poor';
  if (o.icc21 !== null) return o.icc21 >= 0.75 ? 'good' : o.icc21 >= 0.5 ? 'fair' : 'poor';
  return 'none';
}

/** The overall agreement line and what it means. */
export function AgreementLine({ overall }: { overall: Overall }) {
  const { t } = useI18n();
  const level = agreementLevel(overall);
  const meaning = {
    good: t('portal.calibration-meaning-good'),
    fair: t('portal.calibration-meaning-fair'),
    poor: t('portal.calibration-meaning-poor'),
    none: t('portal.calibration-meaning-none'),
  }[level];
  return (
    <div class={`agreement agreement-${level}`} data-level={level}>
      <p>
        <strong>
          {t('portal.calibration-overall', {
            alpha: coef(overall.alpha),
            icc: coef(overall.icc21),
            assessors: overall.assessors,
            cases: overall.cases,
          })}
        </strong>
      </p>
      <p class="meaning">{meaning}</p>
    </div>
  );
}

/** The report's notes, already in the page's language. */
export function Notes({ notes }: { notes: Note[] }) {
  const { t } = useI18n();
  if (notes.length === 0) return null;
  return (
    <div class="notes" role="note" aria-label={t('portal.calibration-notes')}>
      <ul>
        {notes.map((n, i) => (
          <li key={i} data-code={n.code}>
            {n.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** How many rows a long table shows before "show all". */
const FIRST_ROWS = 12;

/**
 * Per item, the items read most differently first (the report's order): spread in points and as a
 * share of the item's points, the widest range, who matched the key, and the reasons (opened per row).
 */
export function ItemSpreads({
  items,
  titles,
  reasonName,
}: {
  items: Items;
  titles: Record<string, string>;
  /** How a reason's writer is shown (the admin: id and name; an assessor: "me"). */
  reasonName: (assessor: string) => string;
}) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState<string>();
  const shown = all ? items : items.slice(0, FIRST_ROWS);
  return (
    <>
      <Table
        cols={[
          'portal.col-item',
          'portal.rubric-col-title',
          'portal.col-spread',
          'portal.col-range',
          'portal.col-matched',
          'portal.col-reasons',
        ]}
        stack
      >
        {shown.map((i) => {
          const count = i.reasons.length + i.keyReasons.length;
          return [
            <tr key={i.code} data-item={i.code}>
              <th scope="row">
                <code>{i.code}</code>
              </th>
              <td>{titles[i.code] ?? ''}</td>
              <td class="num nowrap" data-label={t('portal.col-spread')}>
                {pts(i.spread)} <span class="muted small">({pct(i.spreadShare)})</span>
              </td>
              <td class="num" data-label={t('portal.col-range')}>
                {pts(i.range)}
              </td>
              <td class="num nowrap" data-label={t('portal.col-matched')}>
                {i.matched === null
                  ? '—'
                  : `${pct(i.matched)} (${Math.round(i.matched * i.compared)}/${i.compared})`}
              </td>
              <td class="nowrap">
                {count > 0 && (
                  <button
                    type="button"
                    class="link"
                    aria-expanded={open === i.code}
                    onClick={() => setOpen(open === i.code ? undefined : i.code)}
                  >
                    {t(
                      open === i.code ? 'portal.calibration-hide-reasons' : 'portal.calibration-show-reasons',
                      {
                        count,
                      },
                    )}
                    <span class="sr-only"> {i.code}</span>
                  </button>
                )}
              </td>
            </tr>,
            open === i.code && (
              <tr key={`${i.code}-reasons`} class="detail">
                <td colSpan={6}>
                  <ul class="reasons">
                    {i.keyReasons.map((r, n) => (
                      <li key={`k${n}`}>
                        <span class="muted">
                          {r.case} · {t('calibration.key-sheet')}:
                        </span>{' '}
                        {r.text}
                      </li>
                    ))}
                    {i.reasons.map((r, n) => (
                      <li key={n}>
                        <span class="muted">
                          {r.case} · {reasonName(r.assessor)}:
                        </span>{' '}
                        {r.text}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ),
          ];
        })}
      </Table>
      {items.length > FIRST_ROWS && (
        <button type="button" class="link" onClick={() => setAll(!all)}>
          {all
            ? t('portal.calibration-fewer-items')
            : t('portal.calibration-all-items', { count: items.length })}
        </button>
      )}
    </>
  );
}

/** A yes/no judgement in words. */
const yesNo = (t: (c: string) => string, v: boolean) =>
  v ? t('portal.calibration-yes') : t('portal.calibration-no');

/**
 * An assessor's "my calibration" on a calibration round: the reference cases, and once the admin
 * released the report its own leniency and MAD, per-case deviation, furthest items, judgements
 * differing and every item's spread; before that, a note that the admin will release it.
 */
export function OwnCalibration({ api, round, me }: { api: Api; round: RoundInfo; me: string }) {
  const { t, lang } = useI18n();
  const r = encodeURIComponent(round.round);
  const { data, error } = useLoad(async () => {
    const detail = await api.get<RoundDetail>(`/rounds/${r}`);
    const answer = detail.round.released
      ? await api.get<CalibrationAnswer>(`/rounds/${r}/calibration`, { lang })
      : undefined;
    return { detail, answer };
  }, [api, r, lang]);
  const cases = data?.detail.round.cases ?? [];
  const answer = data?.answer;
  const mine = answer?.report.assessors.find((a) => a.assessor === me);
  const caseTitle = (code: string) => cases.find((c) => c.code === code)?.title ?? '';
  const itemTitle = (code: string) => answer?.titles[code] ?? '';
  return (
    <section aria-labelledby="my-calibration-title" class="calibration">
      <h2 id="my-calibration-title">{t('portal.my-calibration')}</h2>
      <LoadState data={data} error={error} />
      {cases.length > 0 && <h3>{t('portal.new-round-cases')}</h3>}
      {cases.length > 0 && (
        <dl class="cases">
          {cases.map((c) => (
            <div key={c.code}>
              <dt>
                <code>{c.code}</code> {c.title}
              </dt>
              {c.description && <dd>{c.description}</dd>}
            </div>
          ))}
        </dl>
      )}
      {data && !answer && <p class="muted">{t('portal.my-calibration-later')}</p>}
      {answer && !mine && <p class="muted">{t('portal.my-calibration-none')}</p>}
      {answer && mine && (
        <>
          <table class="compact summary">
            <tbody>
              <tr>
                <th scope="row">{t('portal.col-leniency')}</th>
                <td class="num" data-measure="leniency">
                  {t('portal.calibration-points', { value: pts(mine.leniency, true) })} (
                  {pct(mine.leniencyShare, true)}){' '}
                  {mine.leniency !== null && mine.leniency !== 0 && (
                    <span class="muted nowrap">
                      {mine.leniency > 0 ? t('portal.calibration-lenient') : t('portal.calibration-severe')}
                    </span>
                  )}
                </td>
              </tr>
              <tr>
                <th scope="row">{t('portal.col-mad')}</th>
                <td class="num" data-measure="mad">
                  {t('portal.calibration-points', { value: pts(mine.mad) })} ({pct(mine.madShare)})
                </td>
              </tr>
              <tr>
                <th scope="row">{t('portal.col-items-compared')}</th>
                <td class="num">{mine.items}</td>
              </tr>
            </tbody>
          </table>
          <p class="muted small">{t('calibration.about-deviation')}</p>
          <h3>{t('portal.my-calibration-cases')}</h3>
          <Table
            cols={['portal.col-case', 'portal.col-my-total', 'portal.col-key-total', 'portal.col-deviation']}
          >
            {mine.cases.map((c) => (
              <tr key={c.case} data-case={c.case}>
                <th scope="row">
                  <code>{c.case}</code> {caseTitle(c.case)}
                </th>
                <td class="num">{c.total}</td>
                <td class="num">{c.key ?? '—'}</td>
                <td class="num">{pts(c.deviation, true)}</td>
              </tr>
            ))}
          </Table>
          <h3>{t('portal.col-furthest')}</h3>
          {mine.furthest.length === 0 ? (
            <p class="muted">{t('portal.calibration-none')}</p>
          ) : (
            <ul>
              {mine.furthest.map((f) => (
                <li key={`${f.case}|${f.code}`}>
                  <code>{f.code}</code> {itemTitle(f.code)} <span class="muted">({f.case})</span>:{' '}
                  {t('portal.calibration-vs', {
                    theirs: f.theirs,
                    key: f.key,
                    deviation: pts(f.deviation, true),
                  })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('portal.col-judgements')}</h3>
          {mine.judgements.length === 0 ? (
            <p class="muted">{t('portal.calibration-none')}</p>
          ) : (
            <ul>
              {mine.judgements.map((j) => (
                <li key={`${j.kind}|${j.case}|${j.code}`}>
                  {t(`calibration.judgement-${j.kind}`)}: <code>{j.code}</code> {itemTitle(j.code)}{' '}
                  <span class="muted">({j.case})</span> —{' '}
                  {t('portal.calibration-judgement', { theirs: yesNo(t, j.theirs), key: yesNo(t, j.key) })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('portal.my-calibration-items')}</h3>
          <ItemSpreads
            items={answer.report.items}
            titles={answer.titles}
            reasonName={() => t('portal.calibration-me')}
          />
          <Notes
            notes={answer.report.notes.filter(
              (n) => n.params.assessor === undefined || n.params.assessor === me,
            )}
          />
        </>
      )}
    </section>
  );
}
