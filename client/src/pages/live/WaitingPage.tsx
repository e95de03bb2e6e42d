import type { LiveStatus } from '@oac/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { preloadCallView } from '../../call/LazyCallView';
import { useI18n } from '../../i18n/I18nProvider';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { TicketNumber } from '../../ui/TicketNumber';
import { useTitle } from '../../ui/useTitle';
import { CitizenAppointmentPage } from '../CitizenAppointmentPage';
import { chime } from '../staff/useAgendaFeed';
import { CallbackForm } from './CallbackForm';
import { waitText, windowText } from './liveText';
import { useLiveStatus } from './useLiveStatus';

interface WaitingPageProps {
  token: string;
  /** The status the request answered with: the citizen has just asked, and focus goes to the line. */
  first: LiveStatus | null;
  onAskAgain(): void;
}

/**
 * The place in line, kept by asking every few seconds; once a clerk takes the citizen, the same
 * token is their appointment's, and the page becomes the appointment's own, with its device check,
 * its waiting room and its call.
 */
export function WaitingPage({ token, first, onAskAgain }: WaitingPageProps) {
  const { status, failure, set, retry } = useLiveStatus(token, first);
  const [showAppointment, setShowAppointment] = useState(false);
  useEffect(preloadCallView, []);
  if ((status?.status === 'serving' && status.appointmentId) || showAppointment) return <LiveCall token={token} />;
  return (
    <LineView
      token={token}
      status={status}
      failure={failure}
      justAsked={first !== null}
      onUpdated={set}
      onRetry={retry}
      onAskAgain={onAskAgain}
      onShowAppointment={() => setShowAppointment(true)}
    />
  );
}

/** The appointment's own page, which the token now opens; the citizen is told by a sound and by focus. */
function LiveCall({ token }: { token: string }) {
  useEffect(() => {
    chime();
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, []);
  return <CitizenAppointmentPage token={token} />;
}

interface LineViewProps {
  token: string;
  status: LiveStatus | null;
  failure: Failure | null;
  justAsked: boolean;
  onUpdated(status: LiveStatus): void;
  onRetry(): void;
  onAskAgain(): void;
  onShowAppointment(): void;
}

function LineView({ token, status, failure, justAsked, onUpdated, onRetry, onAskAgain, onShowAppointment }: LineViewProps) {
  const { t } = useI18n();
  const open = status?.status === 'waiting' || status?.status === 'offered';
  useTitle(open && status.position ? t('live.tabTitle', { position: status.position }) : t('live.title'));
  const lost = failure?.code === 'invalid_token';
  // The wait is over (left, done, phoned) or the place is lost: what the page says now is read first.
  const ended = lost || (status !== null && !open);
  const wasEnded = useRef(ended);
  useEffect(() => {
    if (ended && !wasEnded.current) document.querySelector<HTMLElement>('main h1')?.focus();
    wasEnded.current = ended;
  }, [ended]);
  return (
    <div className="page page--narrow live">
      <h1 tabIndex={-1}>{t('live.title')}</h1>
      {!status && !failure && <Loading />}
      {lost && (
        <Notice kind="error" testId="live-invalid">
          <p>{t('live.invalid')}</p>
          <AgainLinks onAskAgain={onAskAgain} />
        </Notice>
      )}
      {failure && !lost && !status && <FailureNotice failure={failure} onRetry={onRetry} />}
      {failure && !lost && status && open && (
        <Notice kind="info" testId="live-reconnecting">
          <p>{t('live.reconnecting')}</p>
        </Notice>
      )}
      {status && !lost && open && <WaitingView token={token} status={status} focusOnMount={justAsked} onUpdated={onUpdated} />}
      {status && !lost && status.status === 'serving' && !status.appointmentId && (
        <Notice kind="success" testId="live-phoning">
          <p>
            <strong>{t('live.phoning')}</strong>
          </p>
          <p>{t('live.phoning.hint')}</p>
        </Notice>
      )}
      {status && !lost && status.status === 'left' && (
        <Notice kind="info" testId="live-left">
          <p>
            <strong>{t('live.left')}</strong>
          </p>
          <p>{t('live.left.hint')}</p>
          <AgainLinks onAskAgain={onAskAgain} />
        </Notice>
      )}
      {status && !lost && status.status === 'done' && (
        <Notice kind="success" testId="live-done">
          <p>
            <strong>{t('live.done')}</strong>
          </p>
          {status.appointmentId && (
            <p>
              <button type="button" className="link-button" data-testid="live-see-appointment" onClick={onShowAppointment}>
                {t('live.done.seeAppointment')}
              </button>
            </p>
          )}
          <AgainLinks onAskAgain={onAskAgain} />
        </Notice>
      )}
    </div>
  );
}

function AgainLinks({ onAskAgain }: { onAskAgain(): void }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="button" className="button button--primary" data-testid="live-ask-again" onClick={onAskAgain}>
        {t('live.askAgain')}
      </button>
      <Link href="/" className="button button--secondary">
        {t('live.bookInstead')}
      </Link>
    </div>
  );
}

interface WaitingViewProps {
  token: string;
  status: LiveStatus;
  focusOnMount: boolean;
  onUpdated(status: LiveStatus): void;
}

/** What the polite announcement says when the line moves: only changes, never each ask. */
function useLineUpdate(status: LiveStatus): string {
  const { t } = useI18n();
  const [update, setUpdate] = useState('');
  const before = useRef({ position: status.position, status: status.status });
  useEffect(() => {
    const prev = before.current;
    before.current = { position: status.position, status: status.status };
    const position = status.position ?? 0;
    if (status.status === 'offered' && prev.status !== 'offered') setUpdate(t('live.update.offered'));
    else if (status.position === null || prev.position === null || status.position === prev.position) return;
    else if (status.position < prev.position) setUpdate(position === 1 ? t('live.update.next') : t('live.update.movedUp', { position }));
    else setUpdate(t('live.update.movedDown', { position }));
    // The text of the moment the line moved; a change of language needs no new announcement.
  }, [status.position, status.status]);
  return update;
}

function WaitingView({ token, status, focusOnMount, onUpdated }: WaitingViewProps) {
  const { t, text, fmt } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focusOnMount) return;
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: 'start' });
  }, []);
  const update = useLineUpdate(status);
  const offered = status.status === 'offered';
  const position = status.position ?? 1;
  const wait = waitText(status.wait, { t });
  const nobody = status.wait?.basis === 'no_agents';

  return (
    <>
      <section
        className={`card live-wait${offered ? ' live-wait--offered' : ''}`}
        aria-labelledby="live-wait-heading"
        data-testid="live-waiting"
      >
        <h2 id="live-wait-heading" ref={heading} tabIndex={-1}>
          {offered ? t('live.offered.heading') : t('live.wait.heading')}
        </h2>
        <div className="live-wait__place">
          <span className="live-wait__number" aria-hidden="true">
            {position}
          </span>
          <div>
            <p className="live-wait__position" data-testid="live-position" data-position={status.position ?? ''}>
              {t('live.position', { position })}
            </p>
            <p className="live-wait__ahead">
              {offered
                ? t(status.mode === 'chat' ? 'live.offered.hintChat' : 'live.offered.hint')
                : position === 1
                  ? t('live.ahead.none')
                  : position === 2
                    ? t('live.ahead.one')
                    : t('live.ahead.many', { count: position - 1 })}
            </p>
          </div>
        </div>
        <p className="live-wait__update" aria-live="polite" data-testid="live-update">
          {update}
        </p>
        {!offered && (
          <p className="live-wait__range" data-testid="live-wait">
            {nobody ? t('live.wait.nobody') : wait ? t('live.wait.estimate', { range: wait }) : null}
          </p>
        )}
        <div className="appointment live-wait__facts">
          <TicketNumber number={status.ticketNumber} />
          <dl className="facts">
            <div>
              <dt>{t('appointment.service')}</dt>
              <dd>{text(status.service)}</dd>
            </div>
            <div>
              <dt>{t('live.queue')}</dt>
              <dd data-testid="live-queue">{text(status.queue)}</dd>
            </div>
            <div>
              <dt>{t('live.mode.label')}</dt>
              <dd data-testid="live-mode-chosen" data-mode={status.mode}>
                {status.mode === 'chat' ? t('live.mode.chat') : t('live.mode.video')}
              </dd>
            </div>
          </dl>
        </div>
        <p className="hint">
          {status.callback ? t('live.keepOpen.callback') : t('live.keepOpen', { grace: fmt.wait(status.graceSeconds) })}
        </p>
      </section>
      {!offered && <CallbackSection token={token} status={status} onUpdated={onUpdated} />}
      {!offered && <LeaveSection token={token} onUpdated={onUpdated} />}
    </>
  );
}

function CallbackSection({ token, status, onUpdated }: { token: string; status: LiveStatus; onUpdated(status: LiveStatus): void }) {
  const { t, fmt } = useI18n();
  const formId = useId();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const suggested = status.callbackSuggested && !status.callback;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const form = (
    <div id={formId}>
      <CallbackForm
        token={token}
        onSaved={(next) => {
          setEditing(false);
          setSaved(true);
          onUpdated(next);
          headingRef.current?.focus();
        }}
        onCancel={status.callback ? () => setEditing(false) : undefined}
      />
    </div>
  );
  return (
    <section
      className={`card live-callback${suggested ? ' live-callback--suggested' : ''}`}
      aria-labelledby="live-callback-heading"
      data-testid="live-callback"
    >
      <h2 id="live-callback-heading" ref={headingRef} tabIndex={-1}>
        {status.callback ? t('live.callback.headingAsked') : t('live.callback.heading')}
      </h2>
      {status.callback && (
        <>
          <Notice kind="success" live={saved} testId="live-callback-asked">
            <p>
              {t(status.callback.channel === 'phone' ? 'live.callback.askedPhone' : 'live.callback.askedVideo', {
                window: windowText(status.callback.from, status.callback.to, { fmt }),
              })}
            </p>
            <p>{t('live.callback.askedHint')}</p>
          </Notice>
          {editing ? (
            form
          ) : (
            <button type="button" className="button button--secondary" data-testid="live-callback-change" onClick={() => setEditing(true)}>
              {t('live.callback.change')}
            </button>
          )}
        </>
      )}
      {suggested && (
        <>
          <p>{status.wait?.basis === 'no_agents' ? t('live.callback.suggestNobody') : t('live.callback.suggestLong')}</p>
          {form}
        </>
      )}
      {!status.callback && !suggested && (
        <>
          <p>{t('live.callback.offer')}</p>
          <button
            type="button"
            className="button button--secondary"
            data-testid="live-callback-open"
            aria-expanded={editing}
            aria-controls={editing ? formId : undefined}
            onClick={() => setEditing((open) => !open)}
          >
            {t('live.callback.open')}
          </button>
          {editing && form}
        </>
      )}
    </section>
  );
}

function LeaveSection({ token, onUpdated }: { token: string; onUpdated(status: LiveStatus): void }) {
  const { t, failure: explain } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function leave(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      onUpdated(await api.liveLeave(token));
    } catch (error) {
      const failure = toFailure(error);
      setProblem(failure.code === 'invalid_transition' ? t('live.leave.tooLate') : explain(failure.code));
      setBusy(false);
    }
  }

  return (
    <div className="live-leave">
      {asking ? (
        <div className="confirm" role="group" aria-labelledby="live-leave-question">
          <p id="live-leave-question">
            <strong>{t('live.leave.question')}</strong>
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--danger"
              data-testid="live-leave-confirm"
              aria-disabled={busy}
              onClick={() => !busy && void leave()}
            >
              {t('live.leave.yes')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setAsking(false)}>
              {t('live.leave.stay')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button--secondary" data-testid="live-leave" onClick={() => setAsking(true)}>
          {t('live.leave')}
        </button>
      )}
      {problem && (
        <Notice kind="error">
          <p>{problem}</p>
        </Notice>
      )}
    </div>
  );
}
