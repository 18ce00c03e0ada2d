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
  const version = useDepsVersion(deps);
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
  }, [version]);
  return state;
}

/** A number that changes when one of `deps` does (compared as React compares an effect's): the read follows what the caller names. */
function useDepsVersion(deps: React.DependencyList): number {
  const seen = React.useRef<{ deps: React.DependencyList; version: number } | undefined>(undefined);
  const last = seen.current;
  if (!last || last.deps.length !== deps.length || last.deps.some((dep, i) => !Object.is(dep, deps[i]))) {
    seen.current = { deps, version: (last?.version ?? 0) + 1 };
  }
  return seen.current!.version;
}
