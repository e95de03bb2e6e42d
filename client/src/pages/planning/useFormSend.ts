import { useState } from 'react';
import { toFailure, type Failure } from '../../api/failure';
import type { SummaryItem } from '../../ui/ErrorSummary';

export interface FormSend {
  sending: boolean;
  problems: SummaryItem[];
  /** Counts failed attempts, so the error summary takes focus again even when the problems are the same. */
  attempt: number;
  /** The message of the field with that id, for the field's own error line. */
  fieldError(id: string): string | null;
  fail(items: SummaryItem[]): void;
  /**
   * Sends once at a time; on a failure the form keeps every value typed, and the summary says what
   * went wrong (`explain` may point a server's code at a field). True when it went through.
   */
  send(request: () => Promise<void>, explain: (failure: Failure) => SummaryItem[]): Promise<boolean>;
}

export function useFormSend(): FormSend {
  const [sending, setSending] = useState(false);
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);

  function fail(items: SummaryItem[]): void {
    setProblems(items);
    setAttempt((n) => n + 1);
  }

  async function send(request: () => Promise<void>, explain: (failure: Failure) => SummaryItem[]): Promise<boolean> {
    if (sending) return false;
    setSending(true);
    try {
      await request();
      setProblems([]);
      return true;
    } catch (error) {
      fail(explain(toFailure(error)));
      return false;
    } finally {
      setSending(false);
    }
  }

  return {
    sending,
    problems,
    attempt,
    fieldError: (id) => problems.find((p) => p.fieldId === id)?.message ?? null,
    fail,
    send,
  };
}

/** Which top-level fields a server's validation_error names, by the paths of its details ('hours.0.closes' names 'hours'). */
export function pathsIn(details: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const path = (value as { path?: unknown }).path;
      if (typeof path === 'string') found.add(path.split('.')[0] ?? path);
      else if (Array.isArray(path) && typeof path[0] === 'string') found.add(path[0]);
      Object.values(value).forEach(walk);
    }
  };
  walk(details);
  return found;
}
