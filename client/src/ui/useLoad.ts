import { useCallback, useEffect, useState } from 'react';
import { toFailure, type Failure } from '../api/failure';
import { isAbort } from '../api/http';

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'failed'; failure: Failure };

/**
 * Loads data for a view and drops the answer if the view moved on (unmount, new key):
 * a late answer for an old office must never fill the list of a new one.
 */
export function useLoad<T>(
  load: ((signal: AbortSignal) => Promise<T>) | null,
  key: string,
): { state: Loaded<T>; reload: () => void; set: (data: T) => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!load) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) setState({ status: 'failed', failure: toFailure(error) });
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; `key` says when it means something new.
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { state, reload, set };
}
