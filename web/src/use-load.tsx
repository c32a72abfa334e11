import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ErrorText } from './components.tsx';
import { useI18n } from './i18n.ts';

/** What a view loaded: the data (kept while a reload runs or fails), what went wrong, when it came. */
export interface Loaded<T> {
  data: T | undefined;
  /** The last load's failure, shown to the user (see LoadState); cleared by the next load that works. */
  error: unknown;
  /** When the data last came, ISO 8601. */
  at: string | undefined;
  reload: () => Promise<void>;
}

/**
 * The portal's one way to load a view's data: runs `load` when `deps` change (and every `every` ms
 * while the page is visible, if given), keeps the error of a failed load instead of dropping it, and
 * ignores an answer overtaken by a later load.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], every?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [at, setAt] = useState<string>();
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const n = ++latest.current;
    try {
      const value = await load();
      if (n !== latest.current) return;
      setData(value);
      setAt(new Date().toISOString());
      setError(undefined);
    } catch (e) {
      if (n === latest.current) setError(e);
    }
  }, deps);
  useEffect(() => {
    void reload();
    if (!every) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, every);
    return () => clearInterval(timer);
  }, [reload, every]);
  return { data, error, at, reload };
}

/** What went wrong loading a view's data, or that it is still loading (nothing once it is there). */
export function LoadState({ data, error }: { data: unknown; error: unknown }) {
  const { t } = useI18n();
  return (
    <>
      <ErrorText error={error} />
      {data === undefined && !error && <p class="muted">{t('portal.loading')}</p>}
    </>
  );
}
