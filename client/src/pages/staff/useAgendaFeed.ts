import { AgendaEvent, StaffAppointment, TicketPush } from '@oac/shared';
import type { z } from 'zod';
import { useEffect, useRef, useState } from 'react';

/**
 * The staff's live socket: what the server pushes to this staff member's pages (their agenda's
 * appointments, the tickets they may see) arrives here, so that no page needs a refresh link.
 * After a reconnection, `onResync` reloads what the page shows, since changes made meanwhile were
 * not heard. socket.io is loaded on demand: the booking pages never download it.
 */
function useStaffFeed<E extends keyof typeof FEEDS>(
  event: E,
  onPush: (payload: FeedPayload<E>) => void,
  onResync: () => void,
): { live: boolean } {
  const [live, setLive] = useState(false);
  const handlers = useRef({ onPush, onResync });
  handlers.current = { onPush, onResync };

  useEffect(() => {
    let closed = false;
    let disconnect = () => undefined as void;
    void import('socket.io-client').then(({ io }) => {
      if (closed) return;
      const socket = io({
        withCredentials: true,
        transports: ['websocket', 'polling'],
        tryAllTransports: true,
        reconnectionDelayMax: 5_000,
      });
      let connectedBefore = false;
      socket.on('connect', () => {
        setLive(true);
        if (connectedBefore) handlers.current.onResync();
        connectedBefore = true;
      });
      socket.on('disconnect', () => setLive(false));
      socket.on(event as string, (payload: unknown) => {
        const parsed = FEEDS[event].safeParse(payload);
        if (parsed.success) handlers.current.onPush(parsed.data as FeedPayload<E>);
        else console.error(`${event} does not match the protocol`, parsed.error);
      });
      disconnect = () => void socket.disconnect();
    });
    return () => {
      closed = true;
      disconnect();
    };
  }, [event]);

  return { live };
}

const FEEDS = { [AgendaEvent.changed]: StaffAppointment, [AgendaEvent.ticketChanged]: TicketPush } as const;
type FeedPayload<E extends keyof typeof FEEDS> = z.infer<(typeof FEEDS)[E]>;

/** The live agenda: every change of an appointment this staff member may see. */
export function useAgendaFeed(onChange: (a: StaffAppointment) => void, onResync: () => void): { live: boolean } {
  return useStaffFeed(AgendaEvent.changed, onChange, onResync);
}

/** Live tickets: every change of a ticket this staff member may see (its id, number and state). */
export function useTicketFeed(onChange: (t: TicketPush) => void, onResync: () => void): { live: boolean } {
  return useStaffFeed(AgendaEvent.ticketChanged, onChange, onResync);
}

const SOUND_KEY = 'oac.agenda.sound';
const NOTIFY_KEY = 'oac.agenda.notify';

function stored(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === 'on';
  } catch {
    return false;
  }
}

function store(key: string, on: boolean): void {
  try {
    window.localStorage.setItem(key, on ? 'on' : 'off');
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** The clerk's choices for being told that somebody is waiting: a sound, a browser notification. */
export function useWaitingAlerts() {
  const [sound, setSoundState] = useState(() => stored(SOUND_KEY));
  const [notify, setNotifyState] = useState(() => stored(NOTIFY_KEY) && 'Notification' in window && Notification.permission === 'granted');
  const [denied, setDenied] = useState(false);
  return {
    sound,
    notify,
    denied,
    setSound(on: boolean) {
      store(SOUND_KEY, on);
      setSoundState(on);
      if (on) chime();
    },
    async setNotify(on: boolean) {
      if (on && 'Notification' in window && Notification.permission !== 'granted') {
        const answer = await Notification.requestPermission();
        if (answer !== 'granted') {
          setDenied(true);
          return;
        }
      }
      setDenied(false);
      store(NOTIFY_KEY, on);
      setNotifyState(on);
    },
  };
}

/** Two short soft tones, made on the spot: no sound file to load. */
export function chime(): void {
  try {
    const audio = new AudioContext();
    for (const [i, frequency] of [660, 880].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, audio.currentTime + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + i * 0.18);
      osc.stop(audio.currentTime + i * 0.18 + 0.17);
    }
    window.setTimeout(() => void audio.close(), 800);
  } catch {
    // No audio here (an old browser, a locked-down kiosk): the badge still says it.
  }
}
