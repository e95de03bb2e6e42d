import { useEffect, useState } from 'react';
import { CallSession, type CallSessionOptions, type CallState } from './CallSession';

/**
 * Runs a CallSession for as long as the component is mounted. The stream and the devices are read
 * once at start: a new camera means a new call, so callers key the view by it.
 */
export function useCallSession(options: CallSessionOptions): { session: CallSession | null; state: CallState | null } {
  const [session, setSession] = useState<CallSession | null>(null);
  const [state, setState] = useState<CallState | null>(null);
  const { appointmentId, auth, stream, startMuted, startCameraOff, mode } = options;
  const token = auth.kind === 'citizen' ? auth.token : null;
  const audio = options.devices?.audio;
  const video = options.devices?.video;

  useEffect(() => {
    const next = new CallSession({
      appointmentId,
      auth: token === null ? { kind: 'staff' } : { kind: 'citizen', token },
      stream,
      devices: audio && video ? { audio, video } : undefined,
      startMuted,
      startCameraOff,
      mode,
    });
    const off = next.on('change', setState);
    setSession(next);
    setState(next.state);
    next.start();
    return () => {
      off();
      next.close();
    };
  }, [appointmentId, token, stream, audio, video, startMuted, startCameraOff, mode]);

  return { session, state };
}
