// Loads data for a view and reloads it on demand (the live stream says something changed). A reload keeps
// showing the previous data, so live updates never flash a spinner.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Data<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useData<T>(load: () => Promise<T>, deps: unknown[]): Data<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const generation = useRef(0);
  const run = useCallback((reset: boolean) => {
    const mine = ++generation.current;
    if (reset) setState({ data: undefined, error: undefined, loading: true });
    load().then(
      (data) => {
        if (mine === generation.current) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
  }, deps);
  useEffect(() => {
    run(true);
  }, [run]);
  const reload = useCallback(() => {
    run(false);
  }, [run]);
  return { ...state, reload };
}
