import { isClosed, type StaffAppointment, type StaffUser } from '@oac/shared';
import { useEffect, useState } from 'react';
import { api } from '../../api/endpoints';
import { LazyCallView as CallView, preloadCallView } from '../../call/LazyCallView';
import { useI18n } from '../../i18n/I18nProvider';
import { languageNames } from '../../i18n/language';
import { useLocalMedia } from '../../media/useLocalMedia';
import { InPersonPanel } from './InPersonPanel';
import { IdentityPanel } from './IdentityPanel';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { useTitle } from '../../ui/useTitle';
import { AppointmentFacts } from '../AppointmentFacts';
import { EndPanel, HistoryPanel, NotesPanel } from './AppointmentActions';
import { StaffBar } from './StaffBar';
import { loginPathFor, useStaffSession } from './useStaffSession';

export function StaffAppointmentPage({ appointmentId }: { appointmentId: string }) {
  const { t } = useI18n();
  useTitle(t('staffAppointment.title'));
  const session = useStaffSession();
  return (
    <div className="page">
      <p className="back">
        <Link href="/staff">
          <span aria-hidden="true">‹ </span>
          {t('staffAppointment.back')}
        </Link>
      </p>
      <h1 tabIndex={-1}>{t('staffAppointment.title')}</h1>
      {session.status === 'loading' && <Loading />}
      {session.status === 'failed' && session.failure.code !== 'unauthenticated' && <FailureNotice failure={session.failure} />}
      {session.status === 'ready' && (
        <>
          <StaffBar user={session.data} />
          <AppointmentDetails appointmentId={appointmentId} user={session.data} />
        </>
      )}
    </div>
  );
}

function AppointmentDetails({ appointmentId, user }: { appointmentId: string; user: StaffUser }) {
  const { state, reload, set } = useLoad((signal) => api.staffAppointment(appointmentId, signal), appointmentId);
  useEffect(() => {
    if (state.status === 'failed' && state.failure.code === 'unauthenticated')
      navigate(loginPathFor(window.location.pathname), { replace: true });
  }, [state]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') return <FailureNotice failure={state.failure} onRetry={reload} />;
  return (
    <StaffRoom
      appointment={state.data}
      user={user}
      onChanged={set}
      onCallEnded={() => api.staffAppointment(appointmentId).then(set, () => undefined)}
    />
  );
}

interface StaffRoomProps {
  appointment: StaffAppointment;
  user: StaffUser;
  /** The page's copy of the appointment after a change made here. */
  onChanged(appointment: StaffAppointment): void;
  /** The call may have changed the appointment's status: the page fetches it again. */
  onCallEnded(): void;
}

function StaffRoom({ appointment, user, onChanged, onCallEnded }: StaffRoomProps) {
  const { t, fmt } = useI18n();
  const [inCall, setInCall] = useState(false);
  useEffect(preloadCallView, []);
  const [callKey, setCallKey] = useState(0);
  // Chat help (issue 15): no camera or microphone until the clerk turns it into a video call.
  const [mode, setMode] = useState(appointment.callMode);
  useEffect(() => setMode((current) => (current === 'video' ? current : appointment.callMode)), [appointment.callMode]);
  const chat = mode === 'chat';
  const { media, retry } = useLocalMedia(inCall && !chat);
  const closed = isClosed(appointment.status);
  // Only clerks take calls and end appointments: schedulers and admins see the record.
  const isClerk = user.role === 'clerk';
  const mediaFailure = media.status === 'failed' || media.status === 'ready' ? media.failure : null;

  return (
    <>
      <AppointmentFacts
        ticketNumber={appointment.ticketNumber}
        startsAt={appointment.startsAt}
        service={appointment.service.name}
        office={appointment.office.name}
        status={appointment.status}
        person={{ label: t('appointment.citizen'), name: appointment.citizenName }}
        extra={[
          { label: t('appointment.email'), value: <a href={`mailto:${appointment.citizenEmail}`}>{appointment.citizenEmail}</a> },
          { label: t('appointment.language'), value: languageNames[appointment.language] },
        ]}
        compact={inCall}
      />
      {!inCall && closed && (
        <Notice kind="info">
          <p>{t('staffAppointment.closed')}</p>
        </Notice>
      )}
      {!inCall && appointment.channel === 'in_person' && (
        <Notice kind="info" testId="staff-in-person">
          <p>{t('staffAppointment.inPerson')}</p>
        </Notice>
      )}
      {!inCall && !closed && isClerk && appointment.channel === 'video' && (
        <div className="join">
          {appointment.status === 'checked_in' && appointment.checkedInAt && (
            <p className="badge badge--waiting" data-testid="waiting-since">
              {t('agenda.waitingSince', { time: fmt.time(appointment.checkedInAt) })}
            </p>
          )}
          <button type="button" className="button button--primary button--large" data-testid="start-call" onClick={() => setInCall(true)}>
            {chat ? t('staffAppointment.openChat') : t('staffAppointment.startCall')}
          </button>
        </div>
      )}
      {inCall && !chat && (media.status === 'requesting' || media.status === 'idle') && <Loading label={t('preview.asking')} />}
      {inCall && !chat && mediaFailure && (
        <Notice kind={media.status === 'failed' ? 'error' : 'info'}>
          <p>{t(`media.${mediaFailure}`)}</p>
          <button type="button" className="button button--secondary" onClick={retry}>
            {t('preview.retry')}
          </button>
        </Notice>
      )}
      {inCall && (chat || media.status === 'ready' || media.status === 'failed') && (
        <CallView
          key={`${callKey}-${mode}`}
          appointmentId={appointment.id}
          auth={{ kind: 'staff' }}
          mode={mode}
          // The camera is asked for now, and the call joined again with it: the chat stays in it.
          onSwitchedToVideo={() => setMode('video')}
          stream={!chat && media.status === 'ready' ? media.stream : null}
          devices={!chat && (media.status === 'ready' || media.status === 'failed') ? media.devices : undefined}
          selfName={user.name}
          selfRole="clerk"
          onLeft={() => {
            setInCall(false);
            onCallEnded();
          }}
          onEnded={() => {
            setInCall(false);
            onCallEnded();
          }}
          onRetry={() => setCallKey((n) => n + 1)}
        />
      )}
      {isClerk && <EndPanel appointment={appointment} onChanged={onChanged} />}
      {/* The identity check is made on camera: not in a chat. */}
      {isClerk && !chat && <IdentityPanel appointment={appointment} />}
      {!inCall && isClerk && appointment.channel === 'video' && (appointment.status === 'done' || appointment.status === 'in_call') && (
        <InPersonPanel appointment={appointment} />
      )}
      {!inCall && isClerk && <NotesPanel key={appointment.id} appointment={appointment} onChanged={onChanged} />}
      {!inCall && <HistoryPanel appointment={appointment} />}
    </>
  );
}
