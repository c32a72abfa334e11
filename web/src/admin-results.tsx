import type { Api } from './api.ts';
import { Table } from './components.tsx';
import { useI18n } from './i18n.ts';
import { previousLine, rectCounts, rectDistrict } from './results-compare.tsx';
import type { Results, RoundInfo } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';

/**
 * The admin's results tab: per unit its self, pre-check and formal totals, grade and plaque, the
 * rectification checked (pre-check vs formal) and the change since its last round; the panel's
 * agreement and the district's rectification line.
 */
export function ResultsTable({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, lang } = useI18n();
  const { data: res, error } = useLoad(
    () => api.get<Results>(`/rounds/${encodeURIComponent(round.round)}/results`, { lang }),
    [api, round.round, lang],
  );
  const cell = (x?: { total: number; complete: boolean }) =>
    x ? `${x.total}${x.complete ? '' : ` (${t('portal.results-pending')})`}` : '—';
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('portal.tab-results')}</h2>
      <LoadState data={res} error={error} />
      {!res ? null : res.units.length === 0 ? (
        <p class="muted">{t('portal.results-none')}</p>
      ) : (
        <>
          <p>
            {t('portal.results-agreement', {
              value: res.agreement.value === null ? '—' : res.agreement.value.toFixed(3),
            })}
          </p>
          {rectDistrict(res.rectification, t) && <p>{rectDistrict(res.rectification, t)}</p>}
          <Table
            cols={[
              'portal.col-rank',
              'portal.col-unit',
              'portal.col-self',
              'portal.col-precheck',
              'portal.col-formal',
              'portal.col-grade',
              'portal.col-plaque',
              'portal.col-rectification',
              'portal.col-previous',
            ]}
          >
            {res.units.map((u) => (
              <tr key={u.code}>
                <td class="num">{u.rank ?? '—'}</td>
                <th scope="row">
                  <code>{u.code}</code> {u.name}
                </th>
                <td class="num">{cell(u.self)}</td>
                <td class="num">{cell(u.precheck)}</td>
                <td class="num">{cell(u.formal)}</td>
                <td>{u.formal?.gradeLabel ?? t('portal.results-pending')}</td>
                <td>{u.plaque ? `✓ ${t('portal.results-plaque')}` : ''}</td>
                <td>{rectCounts(u.precheckVsFormal, t)}</td>
                <td>{previousLine(u.previous, t)}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}
