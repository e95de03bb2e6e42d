import { changeCutoff, citizenStage, type CitizenAppointment, type Slot } from '@oac/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { downloadCalendar } from '../api/download';
import { api } from '../api/endpoints';
import { toFailure, type Failure } from '../api/failure';
import { LazyCallView as CallView, preloadCallView } from '../call/LazyCallView';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { useI18n } from '../i18n/I18nProvider';
import { capitalize } from '../i18n/format';
import { hasSavedLanguage } from '../i18n/language';
import type { DeviceSelection } from '../media/DevicePickers';
import { DevicePreview, type JoinOptions } from '../media/DevicePreview';
import { useLocalMedia } from '../media/useLocalMedia';
import { Link } from '../router/Link';
import { SlotPicker } from './booking/SlotStep';
import { FailureNotice } from '../ui/FailureNotice';
import { Loading } from '../ui/Loading';
import { Notice } from '../ui/Notice';
import { useLoad } from '../ui/useLoad';
import { useNow } from '../ui/useNow';
import { useTitle } from '../ui/useTitle';
import { AppointmentFacts } from './AppointmentFacts';
import { CitizenTicketSection } from './tickets/CitizenTicketSection';

/**
 * Some browsers cannot make video calls at all: Debian's WebKitGTK and some in-app browsers have no
 * RTCPeerConnection. They get an honest message with what to do instead (issue 13).
 */
const canVideoCall = typeof window !== 'undefined' && typeof window.RTCPeerConnection === 'function';

export function CitizenAppointmentPage({ token }: { token: string }) {
  const { t } = useI18n();
  useTitle(t('citizen.title'));
  const { state, reload, set } = useLoad((signal) => api.citizenAppointment(token, signal), token);
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('citizen.title')}</h1>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' &&
        (state.failure.code === 'invalid_token' ? (
          <Notice kind="error">
            <p>{t('citizen.invalidLink')}</p>
            <p>
              <Link href="/lost-link">{t('lostLink.askNew')}</Link>
            </p>
          </Notice>
        ) : (
          <FailureNotice failure={state.failure} onRetry={reload} />
        ))}
      {state.status === 'ready' && <CitizenRoom token={token} appointment={state.data} onUpdated={set} />}
    </div>
  );
}

interface CitizenRoomProps {
  token: string;
  appointment: CitizenAppointment;
  onUpdated(appointment: CitizenAppointment): void;
}

/** The page at every stage of the appointment: long before, the join window, the call, after it. */
function CitizenRoom({ token, appointment, onUpdated }: CitizenRoomProps) {
  const { t, fmt, lang, setLang } = useI18n();
  // A link opened on a new browser speaks the language of the booking, until the person picks one.
  useEffect(() => {
    if (!hasSavedLanguage() && appointment.language !== lang) setLang(appointment.language);
  }, [appointment.language, lang, setLang]);
  const [inCall, setInCall] = useState(false);
  const [leftCall, setLeftCall] = useState(false);
  useEffect(preloadCallView, []);
  const [callKey, setCallKey] = useState(0);
  const now = useNow(1_000);
  const times = { now, startsAt: new Date(appointment.startsAt), endsAt: new Date(appointment.endsAt) };
  const inPerson = appointment.channel === 'in_person';
  const stage = citizenStage(appointment.status, times, appointment.rules);
  // A visit to the office has no call: no device check, no Join, whatever the time.
  const canJoin = !inPerson && (stage === 'joinable' || stage === 'in_progress');
  // Chat help (issue 15) asks for no camera or microphone, and opens by itself; its clerk may turn it into video.
  const [mode, setMode] = useState(appointment.callMode);
  // A chat turned into video stays video, whatever an older copy of the appointment says.
  useEffect(() => setMode((current) => (current === 'video' ? current : appointment.callMode)), [appointment.callMode]);
  const chat = mode === 'chat';
  const [switched, setSwitched] = useState(false);
  const openedChat = useRef(false);
  useEffect(() => {
    if (!chat || !canJoin || openedChat.current) return;
    openedChat.current = true;
    setInCall(true);
  }, [chat, canJoin]);
  const [selection, setSelection] = useState<DeviceSelection>({});
  const [options, setOptions] = useState<JoinOptions>({ muted: false, cameraOff: false });
  const { media, retry } = useLocalMedia((canJoin || inCall) && !chat, selection);
  const stream = media.status === 'ready' ? media.stream : null;
  const refresh = useCallback(() => void api.citizenAppointment(token).then(onUpdated, () => undefined), [token, onUpdated]);

  return (
    <>
      <AppointmentFacts
        ticketNumber={appointment.ticketNumber}
        startsAt={appointment.startsAt}
        timeZone={appointment.office.timeZone}
        service={appointment.service.name}
        office={appointment.office.name}
        address={appointment.office.address}
        status={appointment.status}
        person={appointment.clerkName ? { label: t('appointment.clerk'), name: appointment.clerkName } : null}
        compact={inCall}
      />
      {inCall ? (
        <CallView
          key={`${callKey}-${mode}`}
          appointmentId={appointment.id}
          auth={{ kind: 'citizen', token }}
          mode={mode}
          onSwitchedToVideo={() => {
            // Back to the device check, with the chat kept in the call: the citizen joins with their camera.
            setMode('video');
            setSwitched(true);
            setInCall(false);
          }}
          stream={chat ? null : stream}
          devices={!chat && (media.status === 'ready' || media.status === 'failed') ? media.devices : undefined}
          startMuted={options.muted}
          startCameraOff={options.cameraOff}
          speakerId={selection.speakerId}
          selfName={appointment.citizenName}
          selfRole="citizen"
          onLeft={() => {
            setInCall(false);
            setLeftCall(true);
            // The call may have changed the appointment's status; refresh it without a loading flash.
            refresh();
          }}
          onEnded={() => {
            setInCall(false);
            refresh();
          }}
          onRetry={() => setCallKey((n) => n + 1)}
        />
      ) : (
        <>
          {inPerson && stage !== 'cancelled' && stage !== 'ended' && stage !== 'missed' && (
            <Notice kind="info" testId="stage-in-person">
              <p>
                <strong>{t('citizen.inPerson', { address: appointment.office.address })}</strong>
              </p>
              <p>{t('citizen.inPerson.hint')}</p>
            </Notice>
          )}
          {!inPerson && !chat && !canVideoCall && (stage === 'upcoming' || canJoin) && (
            <Notice kind="error" testId="no-webrtc">
              <p>
                <strong>{t('citizen.noWebRtc')}</strong>
              </p>
              <p>{t('citizen.noWebRtc.help')}</p>
              <p>{t('citizen.noWebRtc.phone')}</p>
            </Notice>
          )}
          {(stage === 'upcoming' || (inPerson && stage === 'joinable')) && (
            <Upcoming token={token} appointment={appointment} now={now} onUpdated={onUpdated} />
          )}
          {canJoin && chat && (
            <div className="join" data-testid="chat-rejoin">
              {leftCall && <p>{t('citizen.chat.left')}</p>}
              <p>{t('citizen.chat.hint')}</p>
              <button
                type="button"
                className="button button--primary button--large"
                data-testid="chat-open"
                onClick={() => setInCall(true)}
              >
                {t('citizen.chat.open')}
              </button>
            </div>
          )}
          {canJoin && !chat && (
            <>
              {switched && <SwitchedNotice />}
              {leftCall && !switched && (
                <Notice kind="info">
                  <p>{t('citizen.left')}</p>
                </Notice>
              )}
              <DevicePreview
                media={media}
                name={appointment.citizenName}
                onRetry={retry}
                selection={selection}
                onSelection={setSelection}
                options={options}
                onOptions={setOptions}
              />
              {canVideoCall && (
                <div className="join">
                  <p>{t('citizen.joinHint')}</p>
                  <button
                    type="button"
                    className="button button--primary button--large"
                    data-testid="join-button"
                    aria-disabled={media.status === 'requesting'}
                    onClick={() => media.status !== 'requesting' && setInCall(true)}
                  >
                    {t(leftCall ? 'citizen.rejoin' : 'citizen.join')}
                  </button>
                </div>
              )}
            </>
          )}
          {stage === 'ended' && (
            <Notice kind="success" testId="stage-ended">
              <p>{t('citizen.ended')}</p>
              {appointment.endedAt && <p>{t('citizen.endedAt', { when: capitalize(fmt.dateTime(appointment.endedAt), lang) })}</p>}
            </Notice>
          )}
          {stage === 'missed' && (
            <Notice kind="info" testId="stage-missed">
              <p>{t('citizen.missed')}</p>
              <p>
                <Link href="/">{t('citizen.bookAgain')}</Link>
              </p>
            </Notice>
          )}
          {stage === 'cancelled' && (
            <Notice kind="info" testId="stage-cancelled">
              <p>{t('citizen.cancelled')}</p>
              <p>
                <Link href="/">{t('citizen.bookAgain')}</Link>
              </p>
            </Notice>
          )}
          <CitizenTicketSection token={token} refreshKey={appointment.status} />
          {stage !== 'cancelled' && (
            <>
              {(stage === 'upcoming' || canJoin) && <p className="hint">{t('citizen.documentsBefore')}</p>}
              <DocumentsPanel
                appointmentId={appointment.id}
                auth={{ kind: 'citizen', token }}
                canStamp={false}
                canUpload={stage === 'upcoming' || canJoin}
                session={null}
                citizenName={appointment.citizenName}
              />
            </>
          )}
        </>
      )}
    </>
  );
}

/** Said, and focused, when the clerk turns the chat into a video call: what to do next. */
function SwitchedNotice() {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="switched-notice" data-testid="switched-to-video">
      <Notice kind="info">
        <p>
          <strong>{t('citizen.switched')}</strong>
        </p>
        <p>{t('citizen.switched.hint')}</p>
      </Notice>
    </div>
  );
}

type Manage = { mode: 'idle' } | { mode: 'moving'; slot: Slot | null } | { mode: 'cancelling' };

/** Long before the start: a countdown, add to calendar, and moving or cancelling up to the cut-off. */
function Upcoming({
  token,
  appointment,
  now,
  onUpdated,
}: {
  token: string;
  appointment: CitizenAppointment;
  now: Date;
  onUpdated(a: CitizenAppointment): void;
}) {
  const { t, fmt, failure: explain, lang } = useI18n();
  const [manage, setManage] = useState<Manage>({ mode: 'idle' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const startsAt = new Date(appointment.startsAt);
  const opensAt = new Date(startsAt.getTime() - appointment.rules.joinWindowMinutes * 60_000);
  const cutoff = changeCutoff(startsAt, appointment.rules);
  const canChange = now.getTime() <= cutoff.getTime();

  async function act(work: () => Promise<CitizenAppointment>, message: (a: CitizenAppointment) => string): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      const updated = await work();
      setManage({ mode: 'idle' });
      setDone(message(updated));
      onUpdated(updated);
    } catch (error) {
      setProblem(toFailure(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card upcoming" aria-labelledby="upcoming-heading" data-testid="stage-upcoming">
      <h2 id="upcoming-heading">{t('citizen.upcoming.heading', { countdown: countdown(startsAt.getTime() - now.getTime(), t, lang) })}</h2>
      {appointment.channel === 'video' && <p>{t('citizen.upcoming.joinFrom', { time: fmt.time(opensAt.toISOString()) })}</p>}
      {done && (
        <Notice kind="success">
          <p>{done}</p>
        </Notice>
      )}
      {problem && (
        <Notice kind="error">
          <p>{explain(problem.code)}</p>
        </Notice>
      )}
      {manage.mode === 'idle' && (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            data-testid="add-to-calendar"
            onClick={() =>
              void downloadCalendar(token, `cita-${appointment.ticketNumber}.ics`).catch((e: unknown) => setProblem(toFailure(e)))
            }
          >
            {t('citizen.upcoming.calendar')}
          </button>
          {canChange && (
            <>
              <button
                type="button"
                className="button button--secondary"
                data-testid="reschedule-button"
                onClick={() => setManage({ mode: 'moving', slot: null })}
              >
                {t('citizen.upcoming.move')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                data-testid="cancel-button"
                onClick={() => setManage({ mode: 'cancelling' })}
              >
                {t('citizen.upcoming.cancel')}
              </button>
            </>
          )}
        </div>
      )}
      {!canChange && (
        <p className="muted">{t('citizen.upcoming.tooLate', { hours: Math.round(appointment.rules.changeCutoffMinutes / 60) })}</p>
      )}
      {canChange && manage.mode === 'idle' && (
        <p className="muted">{t('citizen.upcoming.until', { when: fmt.dateTime(cutoff.toISOString()) })}</p>
      )}
      {manage.mode === 'cancelling' && (
        <div className="confirm" role="group" aria-labelledby="cancel-question">
          <p id="cancel-question">
            <strong>{t('citizen.cancel.question', { when: capitalize(fmt.dateTime(appointment.startsAt), lang) })}</strong>
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--danger"
              data-testid="cancel-confirm"
              aria-disabled={busy}
              onClick={() =>
                !busy &&
                void act(
                  () => api.cancel(token),
                  () => t('citizen.cancel.done'),
                )
              }
            >
              {t('citizen.cancel.yes')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setManage({ mode: 'idle' })}>
              {t('citizen.cancel.keep')}
            </button>
          </div>
        </div>
      )}
      {manage.mode === 'moving' && (
        <div className="move">
          <h3>{t('citizen.move.heading')}</h3>
          <SlotPicker
            serviceId={appointment.service.id}
            officeId={appointment.office.id}
            selected={manage.slot}
            refresh={0}
            onChoose={(slot) => setManage({ mode: 'moving', slot })}
          />
          {manage.slot && (
            <div className="confirm" role="group" aria-labelledby="move-question">
              <p id="move-question">
                <strong>{t('citizen.move.question', { when: capitalize(fmt.dateTime(manage.slot.startsAt), lang) })}</strong>
              </p>
              <div className="actions">
                <button
                  type="button"
                  className="button button--primary"
                  data-testid="reschedule-confirm"
                  aria-disabled={busy}
                  onClick={() =>
                    !busy &&
                    manage.slot &&
                    void act(
                      () => api.reschedule(token, manage.slot!.id),
                      (a) => t('citizen.move.done', { when: capitalize(fmt.dateTime(a.startsAt), lang) }),
                    )
                  }
                >
                  {t('citizen.move.yes')}
                </button>
              </div>
            </div>
          )}
          <button type="button" className="button button--secondary" onClick={() => setManage({ mode: 'idle' })}>
            {t('citizen.move.keep')}
          </button>
        </div>
      )}
    </section>
  );
}

/** "in 3 days", "in 2 h 5 min", "in 4 min", in the page's language. */
function countdown(ms: number, t: ReturnType<typeof useI18n>['t'], lang: string): string {
  const minutes = Math.max(0, Math.ceil(ms / 60_000));
  if (minutes >= 48 * 60) return new Intl.RelativeTimeFormat(lang, { numeric: 'always' }).format(Math.floor(minutes / (24 * 60)), 'day');
  if (minutes >= 60) return t('countdown.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return t('countdown.minutes', { m: minutes });
}
