import { useState } from 'preact/hooks';
import { PHASE_ORDER } from '../../shared/api/phases.ts';
import type { Api } from './api.ts';
import { Check, ErrorText } from './components.tsx';
import { useI18n, type Phase } from './i18n.ts';
import type { RoundInfo, RoundStatus, SlotStatus } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';

const MARK = { accepted: '✓', rejected: '✗', missing: '–' } as const;

/** The round's status (submissions and rejections), refreshed every few seconds while shown. */
export function useStatus(api: Api, round: string) {
  return useLoad(
    () => api.get<RoundStatus>(`/rounds/${encodeURIComponent(round)}/status`),
    [api, round],
    5000,
  );
}

/** The admin's status tab: per phase, how many sheets came in, and a unit × phase matrix of slots. */
export function StatusMatrix({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, phase, time } = useI18n();
  const { data: status, error, at, reload } = useStatus(api, round.round);
  const [outstanding, setOutstanding] = useState(false);
  if (!status) return <LoadState data={status} error={error} />;
  const units: string[] = [];
  const cells = new Map<string, SlotStatus[]>();
  for (const s of status.submissions) {
    if (!units.includes(s.unit)) units.push(s.unit);
    const k = `${s.unit}|${s.phase}`;
    cells.set(k, [...(cells.get(k) ?? []), s]);
  }
  const phases = PHASE_ORDER.filter((p) => status.submissions.some((s) => s.phase === p));
  const count = (p: Phase, st: SlotStatus['state']) =>
    status.submissions.filter((s) => s.phase === p && s.state === st).length;
  const shown = outstanding
    ? units.filter((u) => status.submissions.some((s) => s.unit === u && s.state !== 'accepted'))
    : units;
  const aName = (id: string) => status.names.assessors[id] ?? id;
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">{t('portal.tab-status')}</h2>
      <ErrorText error={error} />
      <ul class="counts">
        {phases.map((p) => (
          <li key={p} data-phase={p}>
            <progress
              max={status.submissions.filter((s) => s.phase === p).length}
              value={count(p, 'accepted')}
              aria-label={phase(p)}
            />{' '}
            {t('portal.status-count', {
              phase: phase(p),
              accepted: count(p, 'accepted'),
              rejected: count(p, 'rejected'),
              missing: count(p, 'missing'),
              expected: status.submissions.filter((s) => s.phase === p).length,
            })}
            <span class="muted small"> ({t(`portal.phase-state-${status.phases[p]}`)})</span>
          </li>
        ))}
      </ul>
      <div class="toolbar">
        <Check checked={outstanding} onChange={setOutstanding} label={t('portal.status-filter')} />
        <button type="button" onClick={() => void reload()}>
          {t('portal.refresh')}
        </button>
        <span class="muted small" aria-live="polite">
          {time(at)}
        </span>
      </div>
      <p class="legend">
        <span class="sr-only">{t('portal.status-legend')}: </span>
        {(['accepted', 'rejected', 'missing'] as const).map((st) => (
          <span key={st} class={`chip chip-${st}`}>
            <span aria-hidden="true">{MARK[st]}</span> {t(`portal.state-${st}`)}
          </span>
        ))}
      </p>
      <div class="table-wrap">
        <table class="matrix">
          <caption>{t('portal.status-caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portal.col-unit')}</th>
              {phases.map((p) => (
                <th key={p} scope="col">
                  {phase(p)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u}>
                <th scope="row">
                  <code>{u}</code> <span class="unit-name">{status.names.units[u] ?? ''}</span>
                </th>
                {phases.map((p) => (
                  <td key={p}>
                    {(cells.get(`${u}|${p}`) ?? []).map((s) => (
                      <span
                        key={s.assessor}
                        class={`chip chip-${s.state}`}
                        data-slot={`${p}|${u}|${s.assessor}`}
                        title={t(`portal.state-${s.state}`)}
                      >
                        <span aria-hidden="true">{MARK[s.state]}</span>
                        {s.assessor ? <span class="who">{aName(s.assessor)}</span> : null}
                        <span class="sr-only">{t(`portal.state-${s.state}`)}</span>
                        {s.total != null ? <strong>{s.total}</strong> : null}
                      </span>
                    ))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
