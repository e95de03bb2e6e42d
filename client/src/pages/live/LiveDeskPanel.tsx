import { LIVE_NAMESPACE, LiveDesk as LiveDeskSchema, LivePush, type LiveDesk, type LiveOffer, type PresenceStatus } from '@oac/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { isAbort } from '../../api/http';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate } from '../../router/history';
import { Notice } from '../../ui/Notice';
import { chime } from '../staff/useAgendaFeed';
import { OfferCard } from './OfferCard';
import { PhoneCallbackCard } from './PhoneCallbackCard';

/**
 * How often the desk asks: an offer lasts seconds, so without the socket it must be asked often;
 * with the socket's pushes, asking now and then only covers a change made on another node.
 */
const DESK_POLL_MS = 2_000;
const DESK_POLL_PUSHED_MS = 15_000;

/**
 * The clerk's desk: pushed on the `/live` socket whenever an offer is made, expires or is answered
 * (or the line moves), and asked besides while the page is open: every two seconds while the
 * socket is down, every fifteen while it is up. `failure` is the last failed ask.
 */
function useDesk() {
  const [desk, setDesk] = useState<LiveDesk | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    let stopped = false;
    let asking = false;
    const ask = async (): Promise<void> => {
      if (asking) return;
      asking = true;
      window.clearTimeout(timer);
      try {
        const next = await api.liveDesk(controller.signal);
        if (stopped) return;
        setDesk(next);
        setFailure(null);
      } catch (error) {
        if (stopped || isAbort(error)) return;
        const failed = toFailure(error);
        setFailure(failed);
        if (failed.code === 'unauthenticated' || failed.code === 'forbidden') stopped = true;
      } finally {
        asking = false;
        if (!stopped) timer = window.setTimeout(() => void ask(), socket.connected ? DESK_POLL_PUSHED_MS : DESK_POLL_MS);
      }
    };
    const socket = io(LIVE_NAMESPACE, { withCredentials: true, transports: ['websocket', 'polling'] });
    socket.on(LivePush.desk, (payload: unknown) => {
      const pushed = LiveDeskSchema.safeParse(payload);
      if (stopped || !pushed.success) return;
      setDesk(pushed.data);
      setFailure(null);
    });
    void ask();
    const onVisible = () => document.visibilityState === 'visible' && !stopped && void ask();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      controller.abort();
      window.clearTimeout(timer);
      socket.close();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  return { desk, failure, setDesk };
}

/**
 * "Attend me now" at the clerk's agenda: whether they are available for the next citizen, who waits
 * in their queues, and the citizen offered to them, to accept or decline before the offer runs out.
 */
export function LiveDeskPanel() {
  const { t, text, failure: explain } = useI18n();
  const id = useId();
  const { desk, failure, setDesk } = useDesk();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  // The phone callback being made: the desk carries it (a reload keeps it); until the desk says so, the accepted offer.
  const [accepted, setAccepted] = useState<LiveOffer | null>(null);
  const phoneCall = desk?.phoneCall ?? accepted;
  const offer = desk?.offer ?? null;

  // A new offer: a sound, and a browser notification when the page is not in front.
  const lastOffer = useRef<string | null>(null);
  useEffect(() => {
    if (!offer || offer.entryId === lastOffer.current) return;
    lastOffer.current = offer.entryId;
    setProblem(null);
    setNote(null);
    chime();
    if (document.visibilityState !== 'visible' && 'Notification' in window && Notification.permission === 'granted') {
      new Notification(t('live.desk.notifyTitle', { name: offer.citizenName }), { body: text(offer.service), tag: offer.entryId });
    }
  }, [offer, t, text]);

  if (!desk) {
    if (failure && failure.code !== 'unauthenticated')
      return (
        <section className="card live-desk" aria-labelledby={`${id}-heading`} data-testid="live-desk">
          <h2 id={`${id}-heading`}>{t('live.desk.heading')}</h2>
          <Notice kind="error">
            <p>{explain(failure.code)}</p>
          </Notice>
        </section>
      );
    return null;
  }

  /** Says why an answer to an offer failed; the desk is asked again, since it has moved on. */
  function refused(error: unknown): void {
    const code = toFailure(error).code;
    setProblem(code === 'offer_expired' ? t('live.desk.expired') : code === 'clerk_busy' ? t('live.desk.busy') : explain(code));
    api.liveDesk().then(setDesk, () => undefined);
  }

  async function setPresence(status: PresenceStatus): Promise<void> {
    setBusy(true);
    setProblem(null);
    setNote(null);
    try {
      setDesk(await api.livePresence(status));
    } catch (error) {
      setProblem(explain(toFailure(error).code));
    } finally {
      setBusy(false);
    }
  }

  async function decline(entry: LiveOffer): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      setDesk(await api.liveDecline(entry.entryId));
      setNote(t('live.desk.declined'));
    } catch (error) {
      refused(error);
    } finally {
      setBusy(false);
    }
  }

  async function accept(entry: LiveOffer): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      const accepted = await api.liveAccept(entry.entryId);
      if (accepted.appointmentId) {
        navigate(`/staff/appointments/${accepted.appointmentId}`);
        return;
      }
      // A phone callback: the clerk phones, then says how it went.
      setAccepted(entry);
      setDesk({ ...desk!, offer: null, phoneCall: entry });
    } catch (error) {
      refused(error);
    } finally {
      setBusy(false);
    }
  }

  const available = desk.presence === 'available';
  const next: PresenceStatus = available ? 'away' : 'available';
  const state = !available
    ? t('live.desk.state.away')
    : phoneCall
      ? t('live.desk.state.phoning')
      : desk.inCall
        ? t('live.desk.state.inCall')
        : offer
          ? t('live.desk.state.offered')
          : t('live.desk.state.available');

  return (
    <section
      className={`card live-desk${available ? ' live-desk--available' : ''}`}
      aria-labelledby={`${id}-heading`}
      data-testid="live-desk"
      data-presence={desk.presence}
    >
      <div className="live-desk__head">
        <h2 id={`${id}-heading`}>{t('live.desk.heading')}</h2>
        <button
          type="button"
          className="live-switch"
          data-testid="live-presence"
          aria-pressed={available}
          aria-disabled={busy}
          onClick={() => !busy && void setPresence(next)}
        >
          <span className="live-switch__track" aria-hidden="true">
            <span className="live-switch__thumb" />
          </span>
          <span className="live-switch__label">{t('live.desk.available')}</span>
        </button>
      </div>
      <p className="live-desk__state" role="status" data-testid="live-desk-state">
        {state}
      </p>
      {failure && (
        <Notice kind="info" live={false}>
          <p>{t('live.desk.reconnecting')}</p>
        </Notice>
      )}
      {problem && (
        <Notice kind="error" testId="live-desk-problem">
          <p>{problem}</p>
        </Notice>
      )}
      {note && !problem && (
        <Notice kind="info" testId="live-desk-note">
          <p>{note}</p>
        </Notice>
      )}
      {offer && (
        <OfferCard
          key={offer.entryId}
          offer={offer}
          busy={busy}
          onAccept={() => void accept(offer)}
          onDecline={() => void decline(offer)}
        />
      )}
      {phoneCall && (
        <PhoneCallbackCard
          call={phoneCall}
          onDone={(updated) => {
            setAccepted(null);
            setDesk(updated);
          }}
        />
      )}
      <h3 className="live-desk__queues-heading">{t('live.desk.queues')}</h3>
      {desk.queues.length === 0 ? (
        <p className="muted">{t('live.desk.noQueues')}</p>
      ) : (
        <ul className="live-desk__queues" data-testid="live-desk-queues">
          {desk.queues.map((q) => (
            <li key={q.id} className="live-desk__queue" data-testid="live-desk-queue" data-code={q.code} data-waiting={q.waiting}>
              <span className="live-desk__queue-name">{text(q.name)}</span>
              <span className={`badge${q.waiting > 0 ? ' badge--waiting' : ''}`}>
                {q.waiting === 1 ? t('live.desk.waitingOne') : t('live.desk.waitingMany', { count: q.waiting })}
              </span>
              {q.callbacks > 0 && (
                <span className="badge">
                  {q.callbacks === 1 ? t('live.desk.callbacksOne') : t('live.desk.callbacksMany', { count: q.callbacks })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
