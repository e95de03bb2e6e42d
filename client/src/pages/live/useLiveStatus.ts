import { LIVE_NAMESPACE, LivePush, LiveStatus as LiveStatusSchema, type LiveStatus } from '@oac/shared';
import { useCallback, useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { isAbort } from '../../api/http';

/** How often the waiting page asks: each answer also keeps its place in line. */
export const POLL_MS = 2_500;
const MAX_BACKOFF_MS = 10_000;

/** Whether the page still has something to wait for: its place, or a clerk's phone call. */
export function stillWaiting(status: LiveStatus): boolean {
  return status.status === 'waiting' || status.status === 'offered' || (status.status === 'serving' && !status.appointmentId);
}

/**
 * The citizen's place in line: pushed by the server on the `/live` socket whenever the line
 * moves, and asked every few seconds while the page is open besides (each ask keeps the place, and
 * is the fallback when the socket cannot connect; a hidden tab asks too: the grace period is for a
 * closed page, not a background one), and at once when the tab comes back to the front. It stops
 * once there is nothing left to wait for. `failure` is the last failed ask; the status shown
 * meanwhile is the last one known.
 */
export function useLiveStatus(token: string, first: LiveStatus | null) {
  const [status, setStatus] = useState<LiveStatus | null>(first);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    let failures = 0;
    let stopped = false;
    let asking = false;
    const ask = async (): Promise<void> => {
      if (asking) return;
      asking = true;
      window.clearTimeout(timer);
      try {
        const next = await api.liveStatus(token, controller.signal);
        if (stopped) return;
        failures = 0;
        setFailure(null);
        setStatus(next);
        if (stillWaiting(next)) timer = window.setTimeout(() => void ask(), POLL_MS);
        else stopped = true;
      } catch (error) {
        if (stopped || isAbort(error)) return;
        const failed = toFailure(error);
        setFailure(failed);
        if (failed.code === 'invalid_token') return;
        failures += 1;
        timer = window.setTimeout(() => void ask(), Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** (failures - 1)));
      } finally {
        asking = false;
      }
    };
    // Just asked: the answer came with the request; the next ask comes after the usual pause.
    if (first && round === 0) timer = window.setTimeout(() => void ask(), POLL_MS);
    else void ask();
    const onVisible = () => {
      if (document.visibilityState === 'visible' && !stopped) void ask();
    };
    document.addEventListener('visibilitychange', onVisible);
    const socket = io(LIVE_NAMESPACE, { auth: { liveToken: token }, withCredentials: true, transports: ['websocket', 'polling'] });
    socket.on(LivePush.status, (payload: unknown) => {
      const pushed = LiveStatusSchema.safeParse(payload);
      if (stopped || !pushed.success) return;
      setFailure(null);
      setStatus(pushed.data);
      if (!stillWaiting(pushed.data)) {
        stopped = true;
        window.clearTimeout(timer);
        socket.close();
      }
    });
    return () => {
      stopped = true;
      controller.abort();
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
      socket.close();
    };
    // `first` only seeds the state; a new token or a retry starts the asking again.
  }, [token, round]);

  const retry = useCallback(() => setRound((n) => n + 1), []);
  return { status, failure, set: setStatus, retry };
}
