import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { DownloadButton, ErrorText, Table, useAction } from './components.tsx';
import { useI18n } from './i18n.ts';
import { AgreementLine, ItemSpreads, Notes, coef, pct, pts } from './calibration-own.tsx';
import type {
  CalibrationAnswer,
  CalibrationComparison,
  CalibrationReport,
  RoundDetail,
  RoundInfo,
  RoundList,
} from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';

/**
 * The admin's calibration tab (校准报告) on a calibration round: overall agreement and what it
 * means, each assessor against the key, the items read most differently, the cases and their keys,
 * the report's notes, a before/after comparison with an earlier calibration round, the release to
 * the assessors and the workbook and .docx downloads.
 */
export function CalibrationTab({ api, round, list }: { api: Api; round: RoundInfo; list: RoundList }) {
  const { t, lang } = useI18n();
  const r = encodeURIComponent(round.round);
  const [compare, setCompare] = useState('');
  // The round afresh (phases change on the phases tab or elsewhere; released), with its roster's names.
  const detail = useLoad(() => api.get<RoundDetail>(`/rounds/${r}`), [api, r]);
  const report = useLoad(
    () => api.get<CalibrationAnswer>(`/rounds/${r}/calibration`, { compare: compare || undefined, lang }),
    [api, r, compare, lang],
  );
  const earlier = list.rounds.filter(
    (x) => x.kind === 'calibration' && x.round !== round.round && x.createdAt < round.createdAt,
  );
  const names = new Map((detail.data?.roster?.assessors ?? []).map((a) => [a.id, a.name]));
  const who = (id: string) => (names.get(id) ? `${id} ${names.get(id)}` : id);
  const a = report.data;
  return (
    <section aria-labelledby="calibration-title" class="calibration">
      <h2 id="calibration-title">{t('portal.tab-calibration')}</h2>
      <div class="cards">
        <Card title={t('portal.calibration-release')}>
          {detail.data && (
            <Release
              api={api}
              detail={detail.data}
              onReleased={() => void Promise.all([detail.reload(), report.reload()])}
            />
          )}
        </Card>
        <Card title={t('portal.tab-downloads')}>
          <p class="muted small">{t('portal.calibration-downloads-hint')}</p>
          <p class="toolbar">
            <DownloadButton
              api={api}
              path={`/rounds/${r}/calibration/workbook`}
              query={{ compare: compare || undefined, lang }}
              label=""
            >
              {t('portal.calibration-workbook')}
            </DownloadButton>
            <DownloadButton
              api={api}
              path={`/rounds/${r}/calibration/docx`}
              query={{ compare: compare || undefined, lang }}
              label=""
            >
              {t('portal.calibration-docx')}
            </DownloadButton>
          </p>
        </Card>
      </div>
      <p class="toolbar">
        <label for="cal-compare">{t('portal.calibration-compare')}</label>
        <select
          id="cal-compare"
          value={compare}
          disabled={earlier.length === 0}
          onChange={(e) => setCompare((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{t('portal.calibration-compare-none')}</option>
          {earlier.map((x) => (
            <option key={x.round} value={x.round}>
              {x.round}
            </option>
          ))}
        </select>
        {earlier.length === 0 && <span class="muted small">{t('portal.calibration-compare-nothing')}</span>}
      </p>
      <LoadState data={a} error={report.error} />
      {a && (
        <>
          <AgreementLine overall={a.report.overall} />
          <details class="about">
            <summary>{t('portal.calibration-about')}</summary>
            <p class="small">{t('calibration.about-agreement')}</p>
            <p class="small">{t('calibration.about-deviation')}</p>
            <p class="small">{t('calibration.about-spread')}</p>
          </details>
          <Notes notes={a.report.notes} />
          {a.comparison && <Comparison c={a.comparison} titles={a.titles} who={who} />}
          <h3>{t('portal.calibration-assessors')}</h3>
          <Assessors report={a.report} titles={a.titles} who={who} />
          <h3>{t('portal.calibration-items')}</h3>
          <ItemSpreads items={a.report.items} titles={a.titles} reasonName={who} />
          <h3>{t('portal.calibration-cases')}</h3>
          <Cases a={a} />
        </>
      )}
    </section>
  );
}

/** Release to the assessors: disabled until scoring is closed, confirmed first, then says it is released. */
function Release({ api, detail, onReleased }: { api: Api; detail: RoundDetail; onReleased: () => void }) {
  const { t, phase } = useI18n();
  const [confirm, setConfirm] = useState(false);
  const { busy, error, run } = useAction();
  const state = detail.round.phases.formal;
  const closed = state === 'scoring-closed' || state === 'closed';
  const release = () =>
    run(async () => {
      await api.post(`/rounds/${encodeURIComponent(detail.round.round)}/calibration/release`, {});
      setConfirm(false);
      onReleased();
    });
  return (
    <>
      <p>
        {phase('formal')}: <span class={`badge phase-${state}`}>{t(`portal.phase-state-${state}`)}</span>
      </p>
      {detail.round.released ? (
        <p class="ok" role="status">
          {t('portal.calibration-released')}
        </p>
      ) : confirm ? (
        <div role="group" aria-label={t('portal.calibration-release')}>
          <p>{t('portal.calibration-release-confirm')}</p>
          <button type="button" class="primary" disabled={busy} onClick={() => void release()}>
            {t('portal.yes')}
          </button>{' '}
          <button type="button" onClick={() => setConfirm(false)}>
            {t('portal.cancel')}
          </button>
        </div>
      ) : (
        <>
          <p class="muted small">
            {closed ? t('portal.calibration-not-released') : t('portal.calibration-release-wait')}
          </p>
          <button type="button" class="primary" disabled={!closed} onClick={() => setConfirm(true)}>
            {t('portal.calibration-release')}
          </button>
        </>
      )}
      <ErrorText error={error} />
    </>
  );
}

const KINDS = ['veto', 'na', 'met'] as const;

/** Each assessor against the key: leniency and MAD in points and %, furthest items, judgements differing. */
function Assessors({
  report,
  titles,
  who,
}: {
  report: CalibrationReport;
  titles: Record<string, string>;
  who: (id: string) => string;
}) {
  const { t } = useI18n();
  if (report.assessors.length === 0) return <p class="muted">{t('portal.calibration-none')}</p>;
  return (
    <Table
      cols={[
        'portal.col-assessor',
        'portal.col-items-compared',
        'portal.col-leniency',
        'portal.col-mad',
        'portal.col-furthest',
        'portal.col-judgements',
      ]}
    >
      {report.assessors.map((x) => (
        <tr key={x.assessor} data-assessor={x.assessor}>
          <th scope="row" class="nowrap">
            {who(x.assessor)}
          </th>
          <td class="num">{x.items}</td>
          <td class="num nowrap">
            {pts(x.leniency, true)} <span class="muted small">({pct(x.leniencyShare, true)})</span>
          </td>
          <td class="num nowrap">
            {pts(x.mad)} <span class="muted small">({pct(x.madShare)})</span>
          </td>
          <td>
            {x.furthest.map((f) => (
              <span
                key={`${f.case}|${f.code}`}
                class="item-dev"
                title={`${titles[f.code] ?? ''} (${f.case})`}
              >
                <code>{f.code}</code> {pts(f.deviation, true)}
              </span>
            ))}
          </td>
          <td>
            {x.judgements.length === 0
              ? '—'
              : KINDS.filter((k) => x.judgements.some((j) => j.kind === k)).map((k) => (
                  <div key={k} data-kind={k}>
                    <span class="muted small">{t(`calibration.judgement-${k}`)}:</span>{' '}
                    {x.judgements
                      .filter((j) => j.kind === k)
                      .map((j) => (
                        <span key={`${j.case}|${j.code}`} class="item-dev" title={titles[j.code] ?? ''}>
                          <code>{j.code}</code> <span class="muted small">{j.case}</span>
                        </span>
                      ))}
                  </div>
                ))}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** The cases and their keys: the answer key's sheet, the panel median, or none. */
function Cases({ a }: { a: CalibrationAnswer }) {
  const { t } = useI18n();
  const described = new Map(a.cases.map((c) => [c.code, c.description]));
  return (
    <Table cols={['portal.col-case', 'portal.col-key', 'portal.col-sheets', 'portal.col-key-total']}>
      {a.report.cases.map((c) => (
        <tr key={c.code} data-case={c.code}>
          <th scope="row">
            <code>{c.code}</code> {c.title}
            {described.get(c.code) && <div class="muted small">{described.get(c.code)}</div>}
          </th>
          <td>{t(`calibration.key-${c.key}`)}</td>
          <td class="num">{c.sheets}</td>
          <td class="num">{c.total ?? '—'}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Before and after: agreement, each item's spread and each assessor's MAD, with the verdicts. */
function Comparison({
  c,
  titles,
  who,
}: {
  c: CalibrationComparison;
  titles: Record<string, string>;
  who: (id: string) => string;
}) {
  const { t } = useI18n();
  const cols = ['portal.col-before', 'portal.col-after', 'portal.col-change', 'portal.col-verdict'];
  return (
    <div class="comparison">
      <h3>{t('portal.calibration-compare-title', { before: c.before })}</h3>
      <p>
        {t('portal.calibration-compare-alpha', {
          before: coef(c.alpha.before),
          after: coef(c.alpha.after),
        })}
      </p>
      <Notes notes={c.notes} />
      <h4>{t('portal.calibration-compare-assessors')}</h4>
      <Table cols={['portal.col-assessor', ...cols]}>
        {c.assessors.map((x) => (
          <tr key={x.assessor} data-assessor={x.assessor}>
            <th scope="row">{who(x.assessor)}</th>
            <td class="num">{pts(x.mad.before)}</td>
            <td class="num">{pts(x.mad.after)}</td>
            <td class="num">{pts(x.mad.change, true)}</td>
            <td>{x.verdict ? t(`calibration.verdict-${x.verdict}`) : '—'}</td>
          </tr>
        ))}
      </Table>
      <h4>{t('portal.calibration-compare-items')}</h4>
      <Table cols={['portal.col-item', ...cols]}>
        {c.items.map((x) => (
          <tr key={x.code} data-item={x.code}>
            <th scope="row">
              <code>{x.code}</code> <span class="muted small">{titles[x.code] ?? ''}</span>
            </th>
            <td class="num">{pts(x.before)}</td>
            <td class="num">{pts(x.after)}</td>
            <td class="num">{pts(x.change, true)}</td>
            <td>{x.verdict ? t(`calibration.verdict-${x.verdict}`) : '—'}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

/** One box of the tab's top row. */
function Card({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="card">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
