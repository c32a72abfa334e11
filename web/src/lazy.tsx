import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LoadState } from './use-load.tsx';

/**
 * A view whose code comes in its own chunk (a dynamic import), fetched the first time it is shown,
 * so the page's main bundle stays small. Until then "loading"; a chunk that failed to come (offline,
 * a new deployment) says so, and is asked for again the next time the view is shown.
 */
export function lazyView<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | undefined;
  let coming: Promise<FunctionComponent<P>> | undefined;
  return function Lazy(props: P) {
    const [View, setView] = useState(() => loaded);
    const [error, setError] = useState<unknown>();
    useEffect(() => {
      if (View) return;
      coming ??= load().then((v) => (loaded = v));
      coming.then(
        (v) => setView(() => v),
        (e: unknown) => {
          coming = undefined;
          setError(e);
        },
      );
    }, []);
    return View ? <View {...props} /> : <LoadState data={undefined} error={error} />;
  };
}
