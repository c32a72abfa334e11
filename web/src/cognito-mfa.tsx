import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n.ts';
import { otpauthUri, totpCode } from '../../shared/domain/otpauth.ts';
import { cognito, stepOf, type CognitoStep, type PortalConfig } from './session.ts';

/** What the second-factor step needs: the challenge's session, and where its outcome goes. */
export interface CognitoMfaProps {
  config: PortalConfig;
  user: string;
  /** SOFTWARE_TOKEN_MFA: the code of an enrolled app; MFA_SETUP: enrol one first. */
  kind: 'totp' | 'setup';
  session: string;
  onStep: (step: CognitoStep) => void;
  /** The session is gone (timed out, spent): back to the password, with the reason's code. */
  onRestart: (code: string) => void;
}

const WRONG = new Set(['CodeMismatchException', 'EnableSoftwareTokenMFAException']);
const GONE = new Set(['NotAuthorizedException', 'ExpiredCodeException']);

/**
 * The second factor of a Cognito sign-in, in a chunk of its own: the authenticator app's 6-digit
 * code (RespondToAuthChallenge SOFTWARE_TOKEN_MFA), or — a pool that requires it, a user without
 * one — its setup: AssociateSoftwareToken gives the key, shown as an otpauth URI and as text to
 * type into the app, VerifySoftwareToken takes the app's first code, RespondToAuthChallenge
 * MFA_SETUP finishes. A wrong code keeps the session for another try.
 */
export function CognitoMfa({ config, user, kind, session, onStep, onRestart }: CognitoMfaProps) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  /** MFA_SETUP: the key and the session VerifySoftwareToken takes. */
  const [setup, setSetup] = useState<{ secret: string; session: string }>();
  useEffect(() => {
    if (kind !== 'setup') return;
    cognito(config, 'AssociateSoftwareToken', { Session: session }).then(
      (out) => setSetup({ secret: String(out.SecretCode), session: String(out.Session) }),
      (e: unknown) => fail(e),
    );
  }, [kind, session]);
  const fail = (e: unknown) => {
    const name = e instanceof Error ? e.name : '';
    if (GONE.has(name)) return onRestart('signin.step-expired');
    setError(
      WRONG.has(name)
        ? t('signin.totp-wrong')
        : t('portal.login-failed', { detail: e instanceof Error ? e.message : String(e) }),
    );
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const typed = totpCode(code);
    if (!typed) return setError(t('portal.login-totp-format'));
    setBusy(true);
    setError(undefined);
    try {
      if (kind === 'totp') {
        const out = await cognito(config, 'RespondToAuthChallenge', {
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          ClientId: config.userPoolClientId,
          Session: session,
          ChallengeResponses: { USERNAME: user, SOFTWARE_TOKEN_MFA_CODE: typed },
        });
        return onStep(stepOf(out));
      }
      if (!setup) return;
      const verified = await cognito(config, 'VerifySoftwareToken', {
        Session: setup.session,
        UserCode: typed,
        FriendlyDeviceName: 'cepin',
      });
      const out = await cognito(config, 'RespondToAuthChallenge', {
        ChallengeName: 'MFA_SETUP',
        ClientId: config.userPoolClientId,
        Session: verified.Session,
        ChallengeResponses: { USERNAME: user },
      });
      onStep(stepOf(out));
    } catch (x) {
      setCode('');
      fail(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={(e) => void submit(e)}>
      {kind === 'setup' ? (
        <>
          <p class="muted">{t('portal.login-totp-setup-hint')}</p>
          {setup && (
            <dl class="totp-key">
              <dt>{t('portal.login-totp-key')}</dt>
              <dd>
                <code>{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
              </dd>
              <dt>{t('portal.login-totp-uri')}</dt>
              <dd>
                <code class="wrap">{otpauthUri(setup.secret, user)}</code>
              </dd>
            </dl>
          )}
        </>
      ) : (
        <p class="muted">{t('portal.login-totp-hint')}</p>
      )}
      <label>
        {t('portal.login-totp')}
        <input
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          autoFocus
          value={code}
          onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button
          type="submit"
          class="primary"
          disabled={busy || (kind === 'setup' && !setup)}
          aria-busy={busy}
        >
          {t('portal.login-verify')}
        </button>
      </p>
    </form>
  );
}
