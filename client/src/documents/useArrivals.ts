import { useCallback, useEffect, useRef, useState } from 'react';

/** How long the banner and the highlight stay: long enough to be read, short enough not to pile up. */
const SHOW_MS = 6_000;

/**
 * The panel's visible news: one banner message at a time and the documents it is about, each
 * highlighted until the time runs out. A screen reader hears the same banner (it is the status region).
 */
export function useArrivals() {
  const [message, setMessage] = useState<{ text: string; key: number } | null>(null);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const timers = useRef(new Set<number>());
  const counter = useRef(0);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((id) => window.clearTimeout(id));
  }, []);

  const later = useCallback((fn: () => void) => {
    const id = window.setTimeout(() => {
      timers.current.delete(id);
      fn();
    }, SHOW_MS);
    timers.current.add(id);
  }, []);

  const announce = useCallback(
    (text: string, documentIds: string[]) => {
      counter.current += 1;
      const key = counter.current;
      setMessage({ text, key });
      later(() => setMessage((m) => (m?.key === key ? null : m)));
      if (documentIds.length === 0) return;
      setHighlighted((set) => new Set([...set, ...documentIds]));
      later(() =>
        setHighlighted((set) => {
          const next = new Set(set);
          for (const id of documentIds) next.delete(id);
          return next;
        }),
      );
    },
    [later],
  );

  return { message, highlighted, announce };
}
