import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AdminView } from './admin.tsx';
import { Api } from './api.ts';
import { saveCognitoRefresh, useCognitoRefresh } from './cognito-refresh.ts';
import { ErrorText } from './components.tsx';
import { I18nContext, loadLanguage, makeI18n, saveLang, savedLang, type Lang } from './i18n.ts';
import { Login } from './login.tsx';
import { endProviderSession, forgetRefreshToken, useOidcRefresh } from './oidc-session.ts';
import { ParticipantView } from './participant.tsx';
import { loadSession, saveSession, type PortalConfig, type Session } from './session.ts';
import type { RoundList } from './types.ts';

const ROUND_KEY = 'cepin.round';

/** The portal: header (district, round, language, who), then the page for the signed-in role. */
export function App({ config }: { config: PortalConfig }) {
  const [lang, setLang] = useState<Lang>(savedLang());
  const i18n = useMemo(() => makeI18n(lang), [lang]);
  const { t } = i18n;
  const [session, setSession] = useState<Session | undefined>(loadSession());
  const [list, setList] = useState<RoundList>();
  const [roundId, setRoundId] = useState<string>(() => localStorage.getItem(ROUND_KEY) ?? '');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    saveLang(lang);
    document.title = `${t('portal.title')} · ${config.districtName[lang]}`;
  }, [lang, t, config]);

  const signOut = useCallback(() => {
    saveSession(undefined);
    forgetRefreshToken();
    saveCognitoRefresh(undefined);
    setSession(undefined);
    setList(undefined);
  }, []);
  // oidc: the ID token renewed silently; the Api always sends the newest (same person, same views).
  const cognitoRefresh = useCognitoRefresh(config, session, setSession);
  const refresh = useOidcRefresh(config, session, setSession) ?? cognitoRefresh;
  const token = useRef('');
  token.current = session?.token ?? '';
  const person = session && `${session.role}|${session.ref}|${session.name}`;
  const api = useMemo(
    () => (person ? new Api(config.api, () => token.current, signOut, refresh) : undefined),
    [config.api, person, signOut, refresh],
  );

  const loadRounds = useCallback(
    async (select?: string) => {
      if (!api) return;
      try {
        const l = await api.get<RoundList>('/rounds');
        setList(l);
        setError(undefined);
        setRoundId((cur) => {
          const want = select ?? cur;
          return l.rounds.some((r) => r.round === want) ? want : (l.rounds[0]?.round ?? '');
        });
      } catch (e) {
        setError(e);
      }
    },
    [api],
  );
  useEffect(() => void loadRounds(), [loadRounds]);
  useEffect(() => {
    if (roundId) localStorage.setItem(ROUND_KEY, roundId);
  }, [roundId]);

  const round = list?.rounds.find((r) => r.round === roundId);
  const who = session
    ? session.role === 'admin'
      ? t('portal.role-admin')
      : `${t(`portal.role-${session.role}`)} ${session.ref}${session.name ? ` ${session.name}` : ''}`
    : '';

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main">
        {t('portal.skip')}
      </a>
      <header class="top">
        <div class="brand">
          <h1>{t('portal.title')}</h1>
          <span class="district">{config.districtName[lang]}</span>
        </div>
        <div class="top-actions">
          {session && list && list.rounds.length > 0 && (
            <label class="round-pick">
              {t('portal.round')}{' '}
              <select
                value={roundId}
                onChange={(e) => setRoundId((e.currentTarget as HTMLSelectElement).value)}
              >
                {list.rounds.map((r) => (
                  <option key={r.round} value={r.round}>
                    {r.round}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button
            type="button"
            class="lang"
            lang={lang === 'zh' ? 'en' : 'zh-CN'}
            aria-label={t('portal.lang-switch-label')}
            onClick={() => {
              // Saved at once, not in an effect: a reload right after the click keeps the choice.
              const next = lang === 'zh' ? 'en' : 'zh';
              saveLang(next);
              // English words are fetched the first time (a few KB); the page switches once they are here.
              void loadLanguage(next).then(() => setLang(next));
            }}
          >
            {t('portal.lang-switch')}
          </button>
          {session && (
            <span class="who">
              {t('portal.signed-in', { who })}{' '}
              <button
                type="button"
                onClick={() => {
                  const idToken = session.token;
                  signOut();
                  if (config.mode === 'oidc') void endProviderSession(config, idToken);
                }}
              >
                {t('portal.logout')}
              </button>
            </span>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!session || !api ? (
          <Login
            config={config}
            onSession={(s) => {
              saveSession(s);
              setSession(s);
            }}
          />
        ) : (
          <>
            <ErrorText error={error} />
            {!list ? (
              !error && <p class="muted">{t('portal.loading')}</p>
            ) : session.role === 'admin' ? (
              <AdminView api={api} round={round} list={list} onRoundsChanged={(id) => void loadRounds(id)} />
            ) : !round ? (
              <p>{t('portal.no-round')}</p>
            ) : (
              <ParticipantView key={`${round.round}|${person}`} api={api} session={session} round={round} />
            )}
          </>
        )}
      </main>
    </I18nContext.Provider>
  );
}
