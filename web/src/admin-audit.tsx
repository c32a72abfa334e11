import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { Table } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { AuditTrail, RoundInfo } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';

/** The admin's audit tab: who saw or changed which scores, when; filtered by unit, paged back in time. */
export function AuditTab({ api, round }: { api: Api; round: RoundInfo }) {
  const { t } = useI18n();
  // What is typed (kept across re-renders while the trail loads), and the unit filtered on (on Enter or leaving the field).
  const [draft, setDraft] = useState('');
  const [unit, setUnit] = useState('');
  const [before, setBefore] = useState<string | undefined>();
  const { data: trail, error } = useLoad(
    () =>
      api.get<AuditTrail>(`/rounds/${encodeURIComponent(round.round)}/audit`, {
        unit: unit.trim() || undefined,
        limit: '100',
        before,
      }),
    [api, round.round, unit, before],
  );
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('portal.tab-audit')}</h2>
      <p class="muted">{t('portal.audit-intro')}</p>
      <label>
        {t('portal.audit-unit')}{' '}
        <input
          value={draft}
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          onChange={(e) => {
            setBefore(undefined);
            setUnit((e.target as HTMLInputElement).value);
          }}
          placeholder="DC01"
          size={8}
        />
      </label>
      <LoadState data={trail} error={error} />
      {!trail ? null : trail.entries.length === 0 ? (
        <p class="muted">{t('portal.audit-none')}</p>
      ) : (
        <Table
          cols={[
            'portal.col-time',
            'portal.audit-who',
            'portal.audit-action',
            'portal.audit-outcome',
            'portal.col-unit',
            'portal.col-phase',
            'portal.audit-detail',
          ]}
        >
          {trail.entries.map((e) => (
            <tr key={`${e.at}#${e.id}`}>
              <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{e.caller ? `${e.caller.role}${e.caller.ref ? `:${e.caller.ref}` : ''}` : '—'}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td class={/^[45]/.test(e.outcome) ? 'error' : undefined}>
                {/^4/.test(e.outcome) ? `${t('portal.audit-refused')} ${e.outcome}` : e.outcome}
              </td>
              <td>{e.unit ?? ''}</td>
              <td>{e.phase ?? ''}</td>
              <td>{[e.assessor, e.detail].filter(Boolean).join(' ')}</td>
            </tr>
          ))}
        </Table>
      )}
      {trail?.next && (
        <button type="button" onClick={() => setBefore(trail.next ?? undefined)}>
          {t('portal.audit-older')}
        </button>
      )}
    </section>
  );
}
