import { useCallback, useEffect, useRef, useState } from 'react';
import { classifyMediaError, type MediaDeviceFailure } from './deviceFailure';

export type LocalMedia =
  | { status: 'idle' }
  | { status: 'requesting' }
  /** `missing` lists what could not be had; the rest still works (e.g. a laptop without a camera). */
  | { status: 'ready'; stream: MediaStream; missing: ('audio' | 'video')[]; failure: MediaDeviceFailure | null }
  | { status: 'failed'; failure: MediaDeviceFailure };

const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

async function acquire(): Promise<LocalMedia> {
  if (!navigator.mediaDevices?.getUserMedia) return { status: 'failed', failure: 'other' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: AUDIO, video: VIDEO });
    return { status: 'ready', stream, missing: [], failure: null };
  } catch (error) {
    const failure = classifyMediaError(error);
    // A refusal covers both devices; a missing or busy one may leave the other usable.
    if (failure === 'permission_denied') return { status: 'failed', failure };
    for (const kind of ['audio', 'video'] as const) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia(kind === 'audio' ? { audio: AUDIO } : { video: VIDEO });
        return { status: 'ready', stream, missing: [kind === 'audio' ? 'video' : 'audio'], failure };
      } catch {
        // Try the other kind alone.
      }
    }
    return { status: 'failed', failure };
  }
}

export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/**
 * The camera and microphone while `active`: asked for once, released when inactive or
 * unmounted. The same stream serves the pre-call preview and the call itself, so the
 * browser does not ask twice and the camera light does not blink between them.
 */
export function useLocalMedia(active: boolean): { media: LocalMedia; retry: () => void; release: () => void } {
  const [media, setMedia] = useState<LocalMedia>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    setMedia({ status: 'requesting' });
    void acquire().then((result) => {
      if (cancelled) {
        if (result.status === 'ready') stopStream(result.stream);
        return;
      }
      if (result.status === 'ready') streamRef.current = result.stream;
      setMedia(result);
    });
    return () => {
      cancelled = true;
      if (streamRef.current) stopStream(streamRef.current);
      streamRef.current = null;
      setMedia({ status: 'idle' });
    };
  }, [active, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const release = useCallback(() => {
    if (streamRef.current) stopStream(streamRef.current);
    streamRef.current = null;
    setMedia({ status: 'idle' });
  }, []);
  return { media, retry, release };
}
