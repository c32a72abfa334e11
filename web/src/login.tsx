import { useEffect, useState } from 'preact/hooks';
import { ErrorText } from './components.tsx';
import { useI18n } from './i18n.ts';
import { saveCognitoRefresh } from './cognito-refresh.ts';
import { lazyView } from './lazy.tsx';
import {
  cognitoNewPassword,
  cognitoSignIn,
  sessionFromToken,
  type CognitoStep,
  type PortalConfig,
  type Session,
} from './session.ts';
import type { Identity } from './types.ts';

/** An `oidc` district's sign-in, with its OpenID Connect client, in a chunk of its own (oidc-login.tsx). */
const OidcLogin = lazyView(() => import('./oidc-login.tsx').then((m) => m.OidcLogin));
/** Cognito's second factor (the authenticator app's code, or its setup), in a chunk of its own. */
const CognitoMfa = lazyView(() => import('./cognito-mfa.tsx').then((m) => m.CognitoMfa));

/** Sign-in: the local dev login (pick a person from the rosters) or the district's Cognito user pool. */
export function Login({ config, onSession }: { config: PortalConfig; onSession: (s: Session) => void }) {
  const { t } = useI18n();
  return (
    <section class="login" aria-labelledby="login-title">
      <h2 id="login-title">{t('portal.login-title')}</h2>
      {config.mode === 'local' ? (
        <LocalLogin onSession={onSession} />
      ) : config.mode === 'oidc' ? (
        <OidcLogin config={config} onSession={onSession} />
      ) : (
        <CognitoLogin config={config} onSession={onSession} />
      )}
    </section>
  );
}

function LocalLogin({ onSession }: { onSession: (s: Session) => void }) {
  const { t } = useI18n();
  const [people, setPeople] = useState<Identity[]>([]);
  const [as, setAs] = useState('admin');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    fetch('/local/identities')
      .then((r) => r.json() as Promise<{ identities: Identity[] }>)
      .then((x) => setPeople(x.identities))
      .catch(setError);
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const res = await fetch('/local/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as }),
      });
      const out = (await res.json()) as { token?: string };
      const who = people.find((p) => p.as === as);
      const s = out.token && sessionFromToken(out.token, who?.name ?? '');
      if (!s) throw new Error(`HTTP ${res.status}`);
      onSession(s);
    } catch (x) {
      setError(x);
    }
  };
  const group = (role: Identity['role']) => people.filter((p) => p.role === role);
  return (
    <form class="form" onSubmit={(e) => void submit(e)}>
      <p class="muted">{t('portal.login-local-hint')}</p>
      <label>
        {t('portal.login-as')}
        <select name="as" value={as} onChange={(e) => setAs((e.currentTarget as HTMLSelectElement).value)}>
          {(['admin', 'assessor', 'unit'] as const).map((role) =>
            role === 'admin' ? (
              <option key="admin" value="admin">
                {t('portal.role-admin')}
              </option>
            ) : group(role).length > 0 ? (
              <optgroup key={role} label={t(`portal.role-${role}`)}>
                {group(role).map((p) => (
                  <option key={p.as} value={p.as}>
                    {p.ref} {p.name}
                  </option>
                ))}
              </optgroup>
            ) : null,
          )}
        </select>
      </label>
      <ErrorText error={error} />
      <p>
        <button type="submit" class="primary">
          {t('portal.login-submit')}
        </button>
      </p>
    </form>
  );
}

function CognitoLogin({ config, onSession }: { config: PortalConfig; onSession: (s: Session) => void }) {
  const { t } = useI18n();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string>();
  const [mfa, setMfa] = useState<{ kind: 'totp' | 'setup'; session: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const done = (step: CognitoStep) => {
    if ('newPasswordSession' in step) {
      setChallenge(step.newPasswordSession);
      setPassword('');
      return;
    }
    if ('totpSession' in step || 'setupSession' in step) {
      setChallenge(undefined);
      setPassword('');
      setMfa(
        'totpSession' in step
          ? { kind: 'totp', session: step.totpSession }
          : { kind: 'setup', session: step.setupSession },
      );
      return;
    }
    const s = sessionFromToken(step.token, user);
    if (!s) throw new Error('this account has no cepin role (admin, assessor or unit)');
    saveCognitoRefresh(step.refresh);
    onSession(s);
  };
  if (mfa)
    return (
      <CognitoMfa
        config={config}
        user={user}
        kind={mfa.kind}
        session={mfa.session}
        onStep={done}
        onRestart={(code) => {
          setMfa(undefined);
          setError(t(code));
        }}
      />
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      done(
        challenge
          ? await cognitoNewPassword(config, user, challenge, password)
          : await cognitoSignIn(config, user, password),
      );
    } catch (x) {
      setError(t('portal.login-failed', { detail: x instanceof Error ? x.message : String(x) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={(e) => void submit(e)}>
      <label>
        {t('portal.login-user')}
        <input
          name="username"
          autoComplete="username"
          required
          value={user}
          readOnly={!!challenge}
          onInput={(e) => setUser((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      {challenge && <p class="muted">{t('portal.login-new-password-hint')}</p>}
      <label>
        {challenge ? t('portal.login-new-password') : t('portal.login-password')}
        <input
          name="password"
          type="password"
          autoComplete={challenge ? 'new-password' : 'current-password'}
          required
          value={password}
          onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {t('portal.login-submit')}
        </button>
      </p>
    </form>
  );
}
