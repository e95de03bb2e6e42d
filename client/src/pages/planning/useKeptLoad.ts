import { useCallback, useEffect, useState } from 'react';
import { toFailure, type Failure } from '../../api/failure';
import { isAbort } from '../../api/http';

export interface KeptLoad<T> {
  /** The last answer for this key; kept while it is fetched again, so a reload after a change neither flashes nor loses the scroll. */
  data: T | null;
  failure: Failure | null;
  loading: boolean;
  reload(): void;
}

/** Like `useLoad`, but a reload of the same key keeps showing what it had until the fresh answer arrives. */
export function useKeptLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): KeptLoad<T> {
  const [kept, setKept] = useState<{ key: string; data: T } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setFailure(null);
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setKept({ key, data });
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setFailure(toFailure(error));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; `key` says when it means something new.
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data: kept && kept.key === key ? kept.data : null, failure, loading, reload };
}
