import React from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

/**
 * The one way a screen reads from the database: the latest answer for `deps`, its error, and
 * whether a read is under way. An answer that arrives after the deps changed, or after the screen
 * is gone, is dropped; an error is kept (and handed to `onError`), never left unhandled.
 */
export function useData<T>(load: () => Promise<T>, deps: React.DependencyList, onError?: (error: Error) => void): Loaded<T> {
  const [state, setState] = React.useState<Loaded<T>>({ data: undefined, error: undefined, loading: true });
  const latest = React.useRef({ load, onError });
  React.useLayoutEffect(() => {
    latest.current = { load, onError };
  });
  React.useEffect(() => {
    let current = true;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    latest.current.load().then(
      (data) => {
        if (current) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!current) return;
        const err = error instanceof Error ? error : new Error(String(error));
        setState((s) => ({ data: s.data, error: err, loading: false }));
        latest.current.onError?.(err);
      },
    );
    return () => {
      current = false;
    };
    // The caller names what the read depends on, as with useEffect.
  }, deps);
  return state;
}
