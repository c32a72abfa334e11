import { useEffect, useState } from 'preact/hooks';
import { Api } from './api.ts';
import { ErrorText } from './components.tsx';
import { useI18n } from './i18n.ts';
import { beginSignIn, finishSignIn, isCallback, oidcErrorText } from './oidc-client.ts';
import { forgetRefreshToken } from './oidc-session.ts';
import { claimsOf, type PortalConfig, type Session } from './session.ts';
import type { RoundList } from './types.ts';

/**
 * Sign-in in an `oidc` district: a button that leaves for the district's OpenID Connect provider
 * (authorization code + PKCE); back here with the code, the ID token is fetched and checked, and
 * the API says who its bearer is — role and ref come from the district's people directory, not from
 * the token. A person the API refuses (unknown, disabled) reads its reason here.
 */
export function OidcLogin({ config, onSession }: { config: PortalConfig; onSession: (s: Session) => void }) {
  const { t, lang } = useI18n();
  const [returning, setReturning] = useState(isCallback);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [failed, setFailed] = useState<string>();

  useEffect(() => {
    if (!returning) return;
    void (async () => {
      let token: string;
      try {
        token = await finishSignIn(config);
      } catch (e) {
        setFailed(t('portal.login-failed', { detail: oidcErrorText(e) }));
        setReturning(false);
        return;
      }
      try {
        onSession(await sessionOf(config, token));
      } catch (e) {
        forgetRefreshToken();
        setError(e);
        setReturning(false);
      }
    })();
  }, []);

  const go = async () => {
    setBusy(true);
    setError(undefined);
    setFailed(undefined);
    try {
      await beginSignIn(config, lang);
    } catch (e) {
      setFailed(t('portal.login-failed', { detail: oidcErrorText(e) }));
      setBusy(false);
    }
  };

  if (returning) return <p class="muted">{t('portal.login-oidc-returning')}</p>;
  return (
    <div class="form">
      <p class="muted">{t('portal.login-oidc-hint')}</p>
      <ErrorText error={error} />
      {failed && (
        <p class="error" role="alert">
          {failed}
        </p>
      )}
      <p>
        <button type="button" class="primary" disabled={busy} aria-busy={busy} onClick={() => void go()}>
          {error || failed ? t('portal.login-oidc-again') : t('portal.login-oidc-submit')}
        </button>
      </p>
    </div>
  );
}

/** The session of an ID token: who the API says its bearer is (GET /rounds answers the caller). */
async function sessionOf(config: PortalConfig, token: string): Promise<Session> {
  const list = await new Api(config.api, token, () => {}).get<RoundList>('/rounds');
  const c = claimsOf(token);
  if (!list.caller) throw new Error('the API did not say who is signed in');
  const name =
    (typeof c.name === 'string' && c.name) ||
    (typeof c.preferred_username === 'string' && c.preferred_username) ||
    (typeof c.email === 'string' ? c.email : '');
  return {
    token,
    role: list.caller.role,
    ref: list.caller.ref,
    name,
    expires: Number(c.exp ?? 0) * 1000,
  };
}
