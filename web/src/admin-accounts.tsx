import { useState } from 'preact/hooks';
import type { ResponseOf } from '../../shared/api/contract.ts';
import type { Api } from './api.ts';
import { ErrorText, Table, useAction } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { RoundInfo } from './types.ts';
import { LoadState, useLoad } from './use-load.tsx';

type People = ResponseOf<'GET /people'>;
type Accounts = ResponseOf<'GET /people/accounts'>;
type SyncAnswer = ResponseOf<'POST /people/sync'>;
type Slips = NonNullable<SyncAnswer['slips']>;

/** Links to account slips: they carry passwords, so the page says how soon they expire. */
function SlipLinks({ slips }: { slips: Slips }) {
  const { t } = useI18n();
  return (
    <p class="slips">
      <a href={slips.workbook.url} download={slips.workbook.fileName}>
        {t('portal.accounts-slips-xlsx')}
      </a>{' '}
      <a href={slips.docx.url} download={slips.docx.fileName}>
        {t('portal.accounts-slips-docx')}
      </a>{' '}
      <span class="muted small">
        {t('portal.accounts-slips-expire', { minutes: Math.round(slips.expiresIn / 60) })}
      </span>
    </p>
  );
}

/**
 * The admin's Accounts tab (登录账号, issue 17): the directory with each person's sign-in account,
 * a sync of the chosen round's accounts with its slips, and a password reset per person. No AWS
 * console needed; temporary passwords appear only on the slips.
 */
export function AccountsTab({ api, round }: { api: Api; round: RoundInfo }) {
  const { t, lang } = useI18n();
  const [version, setVersion] = useState(0);
  const [synced, setSynced] = useState<SyncAnswer | undefined>();
  const [reset, setReset] = useState<{ login: string; slips: Slips } | undefined>();
  const sync = useAction();
  const resetting = useAction();
  const { data, error } = useLoad(
    () =>
      Promise.all([api.get<People>('/people'), api.get<Accounts>('/people/accounts')]).then(
        ([people, accounts]) => ({ people, accounts }),
      ),
    [api, version],
  );
  const portal = `${location.origin}/`;
  const doSync = () =>
    sync.run(async () => {
      setReset(undefined);
      setSynced(await api.post<SyncAnswer>('/people/sync', { round: round.round, lang, portal }));
      setVersion((v) => v + 1);
    });
  const doReset = (login: string) =>
    resetting.run(async () => {
      const r = await api.post<{ login: string; slips: Slips }>(
        `/people/${encodeURIComponent(login)}/password`,
        { lang, portal },
      );
      setReset(r);
      setVersion((v) => v + 1);
    });
  const byLogin = new Map((data?.accounts.list ?? []).map((a) => [a.login, a]));
  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t('portal.tab-accounts')}</h2>
      <p class="muted">{t('portal.accounts-intro')}</p>
      <button type="button" onClick={() => void doSync()} disabled={sync.busy} aria-busy={sync.busy}>
        {sync.busy ? t('portal.accounts-syncing') : t('portal.accounts-sync')} {round.round}
      </button>
      <ErrorText error={sync.error} />
      {synced && (
        <div class="sync-result" role="status">
          <p>
            {t('portal.accounts-summary', {
              created: synced.created.length,
              existing: synced.existing.length,
              enabled: synced.enabled.length,
              disabled: synced.disabled.length,
              failed: synced.failed.length,
            })}
          </p>
          {synced.slips && (
            <>
              <h3>{t('portal.accounts-slips')}</h3>
              <SlipLinks slips={synced.slips} />
            </>
          )}
          {synced.failed.length > 0 && (
            <>
              <p class="error">{t('portal.accounts-failed')}</p>
              <ul>
                {synced.failed.map((f) => (
                  <li key={f.login}>
                    <code>{f.login}</code> {f.error}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {reset && (
        <div role="status">
          <p>{t('portal.accounts-reset-done', { login: reset.login })}</p>
          <SlipLinks slips={reset.slips} />
        </div>
      )}
      <ErrorText error={resetting.error} />
      <h3>{t('portal.accounts-directory')}</h3>
      <LoadState data={data} error={error} />
      {data && data.people.people.length === 0 && <p class="muted">{t('portal.accounts-empty')}</p>}
      {data && data.people.people.length > 0 && (
        <Table
          stack
          cols={[
            'portal.accounts-col-login',
            'portal.accounts-col-name',
            'portal.accounts-col-role',
            'portal.accounts-col-person',
            'portal.accounts-col-account',
            '',
          ]}
        >
          {data.people.people.map((p) => {
            const a = byLogin.get(p.login);
            return (
              <tr key={p.login}>
                <td>
                  <code>{p.login}</code>
                </td>
                <td>{p.name}</td>
                <td>{[t(`portal.role-${p.role}`), p.ref].filter(Boolean).join(' ')}</td>
                <td class={p.active ? undefined : 'muted'}>
                  {t(p.active ? 'portal.accounts-active' : 'portal.accounts-inactive')}
                </td>
                <td class={a && !a.enabled ? 'muted' : undefined}>
                  {!a
                    ? t('portal.accounts-none')
                    : [
                        t(a.enabled ? 'portal.accounts-enabled' : 'portal.accounts-disabled'),
                        a.status === 'FORCE_CHANGE_PASSWORD' ? t('portal.accounts-first-sign-in') : '',
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                </td>
                <td>
                  {a && (
                    <button type="button" onClick={() => void doReset(p.login)} disabled={resetting.busy}>
                      {t('portal.accounts-reset')}
                      <span class="sr-only"> {p.login}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}
