import type { AppointmentStatus, PeerRole } from '@oac/shared';
import { useEffect, useState } from 'react';
import type { FailureCode } from '../api/failure';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { useI18n } from '../i18n/I18nProvider';
import { Notice } from '../ui/Notice';
import { CallControls } from './CallControls';
import type { CallState, RemotePeer } from './CallSession';
import { RemoteAudio } from './RemoteAudio';
import type { CallAuth } from './socket';
import { useCallSession } from './useCallSession';
import { VideoTile } from './VideoTile';

interface CallViewProps {
  appointmentId: string;
  auth: CallAuth;
  stream: MediaStream | null;
  selfName: string;
  /** Who we expect to be, for the waiting message before the server has said so. */
  selfRole: PeerRole;
  onLeft(): void;
  onRetry(): void;
  /** The appointment closed while we were in its call (the clerk ended it). */
  onEnded?(status: AppointmentStatus): void;
}

const accessFailures: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'forbidden',
  'appointment_not_found',
  'invalid_token',
  'unauthenticated',
]);

function deniedAccess(failure: FailureCode | null): boolean {
  return failure !== null && accessFailures.has(failure);
}

function useStatusText(state: CallState | null, selfRole: PeerRole): string {
  const { t, failure } = useI18n();
  if (!state) return t('call.status.connecting');
  const role = state.role ?? selfRole;
  switch (state.phase) {
    case 'connecting':
      return t('call.status.connecting');
    case 'waiting':
      return role === 'citizen' ? t('call.status.waitingClerk') : t('call.status.waitingCitizen');
    case 'connected':
      return t('call.status.connected', { name: state.peers[0]?.name ?? '' });
    case 'reconnecting':
      return t('call.status.reconnecting');
    case 'left':
      return t('call.status.left');
    case 'ended':
      return t('call.status.ended');
    case 'failed':
      return failure(state.failure ?? 'internal_error');
  }
}

export function CallView({ appointmentId, auth, stream, selfName, selfRole, onLeft, onRetry, onEnded }: CallViewProps) {
  const { t } = useI18n();
  const { session, state } = useCallSession({ appointmentId, auth, stream });
  const endedAs = state?.phase === 'ended' ? state.endedAs : null;
  useEffect(() => {
    if (endedAs) onEnded?.(endedAs);
  }, [endedAs, onEnded]);
  const [leaving, setLeaving] = useState(false);
  const status = useStatusText(state, selfRole);
  const phase = state?.phase ?? 'connecting';
  const failed = phase === 'failed';

  async function leave(): Promise<void> {
    setLeaving(true);
    await session?.leave();
    onLeft();
  }

  const remoteBadges = (peer: RemotePeer) => (peer.audioPaused || !peer.audio ? [t('call.peerMuted')] : []);
  const remotePlaceholder = (peer: RemotePeer) => (peer.videoPaused ? t('call.peerCameraOff') : peer.video ? null : t('call.peerNoVideo'));
  const waitingFor = (state?.role ?? selfRole) === 'citizen' ? t('call.status.waitingClerk') : t('call.status.waitingCitizen');

  return (
    <section className="call" aria-labelledby="call-heading">
      <h2 id="call-heading" className="visually-hidden">
        {t('call.heading')}
      </h2>
      <p className={`call-status call-status--${phase}`} data-testid="call-status" data-phase={phase} role="status">
        <span className="call-status__dot" aria-hidden="true" />
        {status}
      </p>
      {failed ? (
        <>
          <Notice kind="error" live={false}>
            <p>{t('call.failedHelp')}</p>
            <div className="actions">
              <button type="button" className="button button--primary" onClick={onRetry}>
                {t('common.retry')}
              </button>
              <button type="button" className="button button--secondary" onClick={onLeft}>
                {t('call.back')}
              </button>
            </div>
          </Notice>
          {/* Documents travel over HTTP: when only the media is down, they still work. */}
          {!deniedAccess(state?.failure ?? null) && (
            <DocumentsPanel appointmentId={appointmentId} auth={auth} canStamp={selfRole === 'clerk'} session={null} />
          )}
        </>
      ) : (
        <div className="call__layout">
          <div className="call__stage">
            <div className="call__remote">
              {(state?.peers.length ?? 0) === 0 ? (
                <VideoTile
                  source={null}
                  name=""
                  placeholder={waitingFor}
                  label={t('call.remoteVideo')}
                  testId="remote-video"
                  size="large"
                />
              ) : (
                state?.peers.map((peer) => (
                  <VideoTile
                    key={peer.peerId}
                    source={peer.videoPaused ? null : peer.video}
                    name={peer.name}
                    label={t('call.remoteVideoOf', { name: peer.name })}
                    testId="remote-video"
                    placeholder={remotePlaceholder(peer)}
                    badges={remoteBadges(peer)}
                    size="large"
                  />
                ))
              )}
              <div className="call__self">
                <VideoTile
                  source={stream}
                  name={t('call.you')}
                  initialsFrom={selfName}
                  label={t('call.localVideo')}
                  testId="local-video"
                  mirrored
                  placeholder={state?.cameraOff ? t('call.yourCameraOff') : stream?.getVideoTracks().length ? null : t('call.noCamera')}
                  badges={state?.micMuted ? [t('call.youMuted')] : []}
                  size="small"
                />
              </div>
            </div>
            {state?.peers.map((peer) => peer.audio && <RemoteAudio key={peer.audio.id} track={peer.audio} />)}
            <CallControls
              micMuted={state?.micMuted ?? false}
              cameraOff={state?.cameraOff ?? false}
              canMute={state?.sending.audio ?? false}
              canStopCamera={state?.sending.video ?? false}
              leaving={leaving}
              onMute={(muted) => void session?.setMicMuted(muted)}
              onCamera={(off) => void session?.setCameraOff(off)}
              onLeave={() => void leave()}
            />
          </div>
          <DocumentsPanel appointmentId={appointmentId} auth={auth} canStamp={selfRole === 'clerk'} session={session} />
        </div>
      )}
    </section>
  );
}
