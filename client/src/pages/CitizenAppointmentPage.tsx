import type { CitizenAppointment } from '@oac/shared';
import { useEffect, useState } from 'react';
import { api } from '../api/endpoints';
import { LazyCallView as CallView, preloadCallView } from '../call/LazyCallView';
import { useI18n } from '../i18n/I18nProvider';
import { DevicePreview } from '../media/DevicePreview';
import { useLocalMedia } from '../media/useLocalMedia';
import { FailureNotice } from '../ui/FailureNotice';
import { Loading } from '../ui/Loading';
import { Notice } from '../ui/Notice';
import { useLoad } from '../ui/useLoad';
import { useTitle } from '../ui/useTitle';
import { AppointmentFacts } from './AppointmentFacts';

type Stage = 'before' | 'call' | 'after';

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

function CitizenRoom({ token, appointment, onUpdated }: CitizenRoomProps) {
  const { t } = useI18n();
  const [stage, setStage] = useState<Stage>('before');
  useEffect(preloadCallView, []);
  const [callKey, setCallKey] = useState(0);
  const { media, retry } = useLocalMedia(stage !== 'after');
  const closed = appointment.status === 'done' || appointment.status === 'cancelled';
  const stream = media.status === 'ready' ? media.stream : null;

  return (
    <>
      <AppointmentFacts
        ticketNumber={appointment.ticketNumber}
        startsAt={appointment.startsAt}
        service={appointment.service.name}
        office={appointment.office.name}
        address={appointment.office.address}
        status={appointment.status}
        person={appointment.clerkName ? { label: t('appointment.clerk'), name: appointment.clerkName } : null}
        compact={stage === 'call'}
      />
      {closed && (
        <Notice kind="info">
          <p>{t(appointment.status === 'done' ? 'citizen.done' : 'citizen.cancelled')}</p>
        </Notice>
      )}
      {!closed && stage === 'before' && (
        <>
          <DevicePreview media={media} name={appointment.citizenName} onRetry={retry} />
          <div className="join">
            <p>{t('citizen.joinHint')}</p>
            <button
              type="button"
              className="button button--primary button--large"
              data-testid="join-button"
              aria-disabled={media.status === 'requesting'}
              onClick={() => media.status !== 'requesting' && setStage('call')}
            >
              {t('citizen.join')}
            </button>
          </div>
        </>
      )}
      {!closed && stage === 'call' && (
        <CallView
          key={callKey}
          appointmentId={appointment.id}
          auth={{ kind: 'citizen', token }}
          stream={stream}
          selfName={appointment.citizenName}
          selfRole="citizen"
          onLeft={() => {
            setStage('after');
            // The call may have changed the appointment's status; refresh it without a loading flash.
            api.citizenAppointment(token).then(onUpdated, () => undefined);
          }}
          onRetry={() => setCallKey((n) => n + 1)}
        />
      )}
      {!closed && stage === 'after' && (
        <Notice kind="info">
          <p>{t('citizen.left')}</p>
          <button type="button" className="button button--primary" onClick={() => setStage('before')}>
            {t('citizen.rejoin')}
          </button>
        </Notice>
      )}
    </>
  );
}
