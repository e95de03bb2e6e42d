import type { Devices } from '@oac/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { classifyMediaError, type MediaDeviceFailure } from './deviceFailure';

export type LocalMedia =
  | { status: 'idle' }
  | { status: 'requesting' }
  /**
   * At least one device works. `missing` lists what could not be had and `devices` says why, per
   * kind: a camera refused does not cost the microphone, nor the other way round (issue 13).
   */
  | { status: 'ready'; stream: MediaStream; missing: ('audio' | 'video')[]; failure: MediaDeviceFailure | null; devices: Devices }
  | { status: 'failed'; failure: MediaDeviceFailure; devices: Devices };

/** The camera and microphone picked on the preview page; the browser's default when unset. */
export interface DeviceChoice {
  videoId?: string;
  audioId?: string;
}

const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

function constraints(kind: 'audio' | 'video', choice: DeviceChoice): MediaTrackConstraints {
  const id = kind === 'audio' ? choice.audioId : choice.videoId;
  return { ...(kind === 'audio' ? AUDIO : VIDEO), ...(id ? { deviceId: { exact: id } } : {}) };
}

async function one(kind: 'audio' | 'video', choice: DeviceChoice): Promise<MediaStream | MediaDeviceFailure> {
  try {
    return await navigator.mediaDevices.getUserMedia({ [kind]: constraints(kind, choice) });
  } catch (error) {
    return classifyMediaError(error);
  }
}

/**
 * Asks for both at once (one prompt), and when that fails, for each alone: a browser refuses the
 * whole request when one permission is refused, so only asking apart tells which one it was.
 */
export async function acquire(choice: DeviceChoice = {}): Promise<LocalMedia> {
  if (!navigator.mediaDevices?.getUserMedia) return { status: 'failed', failure: 'other', devices: { audio: 'other', video: 'other' } };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints('audio', choice), video: constraints('video', choice) });
    return { status: 'ready', stream, missing: [], failure: null, devices: { audio: 'ok', video: 'ok' } };
  } catch {
    // Each alone, below.
  }
  const audio = await one('audio', choice);
  const video = await one('video', choice);
  const devices: Devices = {
    audio: audio instanceof MediaStream ? 'ok' : audio,
    video: video instanceof MediaStream ? 'ok' : video,
  };
  const tracks = [audio, video].flatMap((r) => (r instanceof MediaStream ? r.getTracks() : []));
  const failure = [audio, video].find((r): r is MediaDeviceFailure => !(r instanceof MediaStream)) ?? null;
  if (tracks.length === 0) return { status: 'failed', failure: failure ?? 'other', devices };
  const missing = (['audio', 'video'] as const).filter((k) => devices[k] !== 'ok');
  return { status: 'ready', stream: new MediaStream(tracks), missing, failure, devices };
}

export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/**
 * The camera and microphone while `active`: asked for once, released when inactive or
 * unmounted. The same stream serves the pre-call preview and the call itself, so the
 * browser does not ask twice and the camera light does not blink between them.
 */
export function useLocalMedia(active: boolean, choice: DeviceChoice = {}): { media: LocalMedia; retry: () => void; release: () => void } {
  const [media, setMedia] = useState<LocalMedia>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);
  const { videoId, audioId } = choice;

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    setMedia({ status: 'requesting' });
    void acquire({ videoId, audioId }).then((result) => {
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
  }, [active, attempt, videoId, audioId]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const release = useCallback(() => {
    if (streamRef.current) stopStream(streamRef.current);
    streamRef.current = null;
    setMedia({ status: 'idle' });
  }, []);
  return { media, retry, release };
}
