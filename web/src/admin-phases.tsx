import { useState } from 'preact/hooks';
import { actionsFrom, PHASE_ORDER, type PhaseAction } from '../../shared/api/phases.ts';
import type { Api } from './api.ts';
import { ErrorText, Table, useAction } from './components.tsx';
import { useI18n, type Phase } from './i18n.ts';
import { lazyView } from './lazy.tsx';
import type { RoundInfo } from './types.ts';

/** The rectification notice's deadline and each unit's answer: in the rectification chunk. */
const AdminRectification = lazyView(() => import('./rectification.tsx').then((m) => m.AdminRectification));

/** The admin's phases tab: each phase's state and the moves the contract allows from it, confirmed first. */
export function Phases({ api, round, onChanged }: { api: Api; round: RoundInfo; onChanged: () => void }) {
  const { t, phase } = useI18n();
  const [confirm, setConfirm] = useState<{ p: Phase; action: PhaseAction }>();
  const { busy, error, run } = useAction();
  const act = () =>
    run(async () => {
      if (!confirm) return;
      await api.post(`/rounds/${encodeURIComponent(round.round)}/phases/${confirm.p}`, {
        action: confirm.action,
      });
      setConfirm(undefined);
      onChanged();
    });
  return (
    <>
      <section aria-labelledby="phases-title">
        <h2 id="phases-title">{t('portal.tab-phases')}</h2>
        <p class="muted">{t('portal.phases-hint')}</p>
        <ErrorText error={error} />
        <Table cols={['portal.col-phase', 'portal.col-state', '']}>
          {PHASE_ORDER.map((p) => (
            <tr key={p}>
              <th scope="row">{phase(p)}</th>
              <td>
                <span class={`badge phase-${round.phases[p]}`}>
                  {t(`portal.phase-state-${round.phases[p]}`)}
                </span>
              </td>
              <td class="actions">
                {confirm?.p === p ? (
                  <span role="group" aria-label={t('portal.confirm', { action: '', phase: phase(p) })}>
                    {t('portal.confirm', {
                      action: t(`portal.phase-action-${confirm.action}`),
                      phase: phase(p),
                    })}{' '}
                    <button type="button" class="primary" disabled={busy} onClick={() => void act()}>
                      {t('portal.yes')}
                    </button>{' '}
                    <button type="button" onClick={() => setConfirm(undefined)}>
                      {t('portal.cancel')}
                    </button>
                  </span>
                ) : (
                  actionsFrom(round.phases[p]).map((action) => (
                    <button key={action} type="button" onClick={() => setConfirm({ p, action })}>
                      {t(`portal.phase-action-${action}`)}
                      <span class="sr-only"> {phase(p)}</span>
                    </button>
                  ))
                )}
              </td>
            </tr>
          ))}
        </Table>
      </section>
      {round.kind !== 'calibration' && <AdminRectification key={round.round} api={api} round={round} />}
    </>
  );
}
