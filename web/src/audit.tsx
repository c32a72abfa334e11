import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { ErrorText, Head } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { AuditTrail, RoundInfo } from './types.ts';

/** The admin's audit tab: who saw or changed which scores, when; filtered by unit, paged back in time. */
export function AuditTab({ api, round }: { api: Api; round: RoundInfo }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState('');
  const [trail, setTrail] = useState<AuditTrail>();
  const [error, setError] = useState<unknown>();
  const [before, setBefore] = useState<string | undefined>();
  useEffect(() => {
    setError(undefined);
    api
      .get<AuditTrail>(`/rounds/${encodeURIComponent(round.round)}/audit`, {
        unit: unit.trim() || undefined,
        limit: '100',
        before,
      })
      .then(setTrail)
      .catch(setError);
  }, [api, round.round, unit, before]);
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('portal.tab-audit')}</h2>
      <p class="muted">{t('portal.audit-intro')}</p>
      <label>
        {t('portal.audit-unit')}{' '}
        <input
          value={unit}
          onChange={(e) => {
            setBefore(undefined);
            setUnit((e.target as HTMLInputElement).value);
          }}
          placeholder="DC01"
          size={8}
        />
      </label>
      <ErrorText error={error} />
      {!trail ? (
        !error && <p class="muted">{t('portal.loading')}</p>
      ) : trail.entries.length === 0 ? (
        <p class="muted">{t('portal.audit-none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <Head
              cols={[
                'portal.col-time',
                'portal.audit-who',
                'portal.audit-action',
                'portal.audit-outcome',
                'portal.col-unit',
                'portal.col-phase',
                'portal.audit-detail',
              ]}
            />
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
      {trail?.next && (
        <button type="button" onClick={() => setBefore(trail.next ?? undefined)}>
          {t('portal.audit-older')}
        </button>
      )}
    </section>
  );
}
