import type { AppointmentStatus, CallMode, Devices, PeerRole } from '@oac/shared';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { FailureCode } from '../api/failure';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { useI18n } from '../i18n/I18nProvider';
import { Notice } from '../ui/Notice';
import { CallControls } from './CallControls';
import type { CallSession, CallState, RemotePeer } from './CallSession';
import { ChatCall } from './ChatCall';
import { ChatPanel } from './ChatPanel';
import { deviceProblems } from './devices';
import { LobbyView } from './LobbyView';
import { QualityIndicator } from './QualityIndicator';
import { RemoteAudio } from './RemoteAudio';
import { SelfTile } from './SelfTile';
import type { CallAuth } from './socket';
import { useCallSession } from './useCallSession';
import { VideoTile } from './VideoTile';
import { WaitingList } from './WaitingList';

interface CallViewProps {
  appointmentId: string;
  auth: CallAuth;
  stream: MediaStream | null;
  /** What could be had of the camera and the microphone, told to the other side. */
  devices?: Devices;
  startMuted?: boolean;
  startCameraOff?: boolean;
  /** The speaker picked on the preview page, where the browser lets one be picked. */
  speakerId?: string;
  selfName: string;
  /** Who we expect to be, for the waiting message before the server has said so. */
  selfRole: PeerRole;
  onLeft(): void;
  onRetry(): void;
  /** The appointment closed while we were in its call (the clerk ended it). */
  onEnded?(status: AppointmentStatus): void;
  /** Chat help (issue 15): no camera or microphone, the chat full size. */
  mode?: CallMode;
  /** The clerk turned the chat into a video call: the page gets the camera and joins again. */
  onSwitchedToVideo?(): void;
}

const accessFailures: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'forbidden',
  'appointment_not_found',
  'invalid_token',
  'unauthenticated',
]);

function useStatusText(state: CallState | null, selfRole: PeerRole, mode: CallMode): string {
  const { t, failure } = useI18n();
  if (!state) return t('call.status.connecting');
  const role = state.role ?? selfRole;
  if (mode === 'chat') {
    if (state.phase === 'waiting') return role === 'citizen' ? t('call.chat.status.waitingClerk') : t('call.chat.status.waitingCitizen');
    if (state.phase === 'connected') return t('call.chat.status.connected', { name: state.peers[0]?.name ?? '' });
    if (state.phase === 'left') return t('call.chat.status.left');
  }
  switch (state.phase) {
    case 'connecting':
      return t('call.status.connecting');
    case 'lobby':
      return t('call.status.lobby');
    case 'waiting':
      return role === 'citizen' ? t('call.status.waitingClerk') : t('call.status.waitingCitizen');
    case 'connected':
      return t('call.status.connected', { name: state.peers[0]?.name ?? '' });
    case 'peer_reconnecting':
      return t('call.status.peerReconnecting', { name: state.lostPeer?.name ?? state.peers[0]?.name ?? '' });
    case 'reconnecting':
      return t('call.status.reconnecting');
    case 'taken_over':
      return t('call.status.takenOver');
    case 'left':
      return t('call.status.left');
    case 'ended':
      return t('call.status.ended');
    case 'failed':
      return failure(state.failure ?? 'internal_error');
  }
}

export function CallView(props: CallViewProps) {
  const { appointmentId, auth, stream, devices, startMuted, startCameraOff, selfRole, onLeft, onRetry, onEnded, onSwitchedToVideo } = props;
  const { t } = useI18n();
  const { session, state } = useCallSession({ appointmentId, auth, stream, devices, startMuted, startCameraOff, mode: props.mode });
  const endedAs = state?.phase === 'ended' ? state.endedAs : null;
  useEffect(() => {
    if (endedAs) onEnded?.(endedAs);
  }, [endedAs, onEnded]);
  const mode = state?.mode ?? props.mode ?? 'video';
  // Opened as a chat and now by video: this session has no media, so the page starts another.
  const openedAs = useRef(props.mode ?? 'video');
  useEffect(() => {
    if (openedAs.current === 'chat' && mode === 'video') onSwitchedToVideo?.();
  }, [mode, onSwitchedToVideo]);
  const [leaving, setLeaving] = useState(false);
  const status = useStatusText(state, selfRole, mode);
  const phase = state?.phase ?? 'connecting';

  async function leave(): Promise<void> {
    setLeaving(true);
    await session?.leave();
    onLeft();
  }

  const documents = (withSession: boolean) => (
    <DocumentsPanel
      appointmentId={appointmentId}
      auth={auth}
      canStamp={selfRole === 'clerk'}
      canDelete={selfRole === 'clerk'}
      issuing={selfRole === 'clerk'}
      session={withSession ? session : null}
    />
  );
  const chat = state && session && (
    <ChatPanel
      messages={state.chat}
      selfRole={selfRole}
      onSend={(text) => session.sendChat(text)}
      hint={phase === 'lobby' ? t('lobby.chatHint') : mode === 'chat' && selfRole === 'citizen' ? t('call.chat.hint') : undefined}
      full={mode === 'chat'}
    />
  );

  return (
    <section className="call" aria-labelledby="call-heading">
      <h2 id="call-heading" className="visually-hidden">
        {mode === 'chat' ? t('call.chat.heading') : t('call.heading')}
      </h2>
      <div className="call__bar">
        <p className={`call-status call-status--${phase}`} data-testid="call-status" data-phase={phase} data-mode={mode} role="status">
          <span className="call-status__dot" aria-hidden="true" />
          {status}
        </p>
        {mode === 'video' && (phase === 'connected' || phase === 'waiting' || phase === 'peer_reconnecting') && (
          <QualityIndicator quality={state?.quality ?? null} />
        )}
      </div>
      {phase === 'failed' && (
        <>
          <Notice kind="error" live={false}>
            <p>{t(state?.failure === 'media_connection_failed' ? 'call.failedMediaHelp' : 'call.failedHelp')}</p>
            <div className="actions">
              <button type="button" className="button button--primary" data-testid="call-retry" onClick={onRetry}>
                {t('common.retry')}
              </button>
              <button type="button" className="button button--secondary" onClick={onLeft}>
                {t('call.back')}
              </button>
            </div>
          </Notice>
          {/* Documents travel over HTTP: when only the media is down, they still work. */}
          {!accessFailures.has(state?.failure ?? 'internal_error') && documents(false)}
        </>
      )}
      {phase === 'taken_over' && (
        <Notice kind="info" testId="taken-over">
          <p>{t('call.takenOverHelp')}</p>
          <div className="actions">
            <button type="button" className="button button--primary" data-testid="take-back" onClick={() => session?.takeBack()}>
              {t('call.takeBack')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => void leave()}>
              {t('call.back')}
            </button>
          </div>
        </Notice>
      )}
      {phase === 'lobby' && state && (
        <div className="call__layout">
          <LobbyView lobby={state.lobby} stream={stream} selfName={props.selfName} onLeave={() => void leave()} leaving={leaving} />
          <div className="call__side">
            {chat}
            {documents(true)}
          </div>
        </div>
      )}
      {mode === 'chat' && phase !== 'failed' && phase !== 'taken_over' && (
        <ChatCall
          selfRole={selfRole}
          chat={chat}
          side={documents(true)}
          leaving={leaving}
          onLeave={() => void leave()}
          onSwitchToVideo={() => session?.switchToVideo() ?? Promise.resolve(null)}
        />
      )}
      {mode === 'video' && phase !== 'failed' && phase !== 'taken_over' && phase !== 'lobby' && (
        <InCall
          state={state}
          session={session}
          stream={stream}
          selfName={props.selfName}
          selfRole={selfRole}
          speakerId={props.speakerId}
          leaving={leaving}
          onLeave={() => void leave()}
          side={
            <>
              {chat}
              {documents(true)}
            </>
          }
        />
      )}
    </section>
  );
}

interface InCallProps {
  state: CallState | null;
  session: CallSession | null;
  stream: MediaStream | null;
  selfName: string;
  selfRole: PeerRole;
  speakerId?: string;
  leaving: boolean;
  onLeave(): void;
  side: ReactNode;
}

function InCall({ state, session, stream, selfName, selfRole, speakerId, leaving, onLeave, side }: InCallProps) {
  const { t } = useI18n();
  const fit = useCallback((peerId: string) => (width: number) => session?.fitVideo(peerId, width), [session]);
  const badges = (peer: RemotePeer) => [
    ...deviceProblems(peer.devices, t),
    ...(peer.devices.audio === 'ok' && (peer.audioPaused || !peer.audio) ? [t('call.peerMuted')] : []),
  ];
  const placeholder = (peer: RemotePeer) =>
    peer.videoPaused
      ? t('call.peerCameraOff')
      : peer.video
        ? null
        : peer.devices.video !== 'ok'
          ? t('call.peerNoCamera')
          : t('call.peerNoVideo');
  const waitingFor =
    state?.phase === 'peer_reconnecting'
      ? t('call.status.peerReconnecting', { name: state.lostPeer?.name ?? '' })
      : (state?.role ?? selfRole) === 'citizen'
        ? t('call.status.waitingClerk')
        : t('call.status.waitingCitizen');

  return (
    <div className="call__layout">
      <div className="call__stage">
        {selfRole === 'clerk' && state && <WaitingList waiting={state.waiting} onAdmit={(id) => session!.admit(id)} />}
        <div className="call__remote">
          {(state?.peers.length ?? 0) === 0 ? (
            <VideoTile source={null} name="" placeholder={waitingFor} label={t('call.remoteVideo')} testId="remote-video" size="large" />
          ) : (
            state?.peers.map((peer) => (
              <VideoTile
                key={peer.peerId}
                source={peer.videoPaused ? null : peer.video}
                name={peer.name}
                label={t('call.remoteVideoOf', { name: peer.name })}
                testId="remote-video"
                placeholder={placeholder(peer)}
                badges={badges(peer)}
                overlay={peer.stalled ? t('call.peerStalled') : null}
                onWidth={fit(peer.peerId)}
                size="large"
              />
            ))
          )}
          <div className="call__self">
            <SelfTile
              stream={stream}
              selfName={selfName}
              cameraOff={state?.cameraOff ?? false}
              micMuted={state?.micMuted ?? false}
              withBadges
            />
          </div>
        </div>
        {state?.peers.map((peer) => peer.audio && <RemoteAudio key={peer.audio.id} track={peer.audio} sinkId={speakerId} />)}
        <CallControls
          micMuted={state?.micMuted ?? false}
          cameraOff={state?.cameraOff ?? false}
          canMute={state?.sending.audio ?? false}
          canStopCamera={state?.sending.video ?? false}
          leaving={leaving}
          onMute={(muted) => void session?.setMicMuted(muted)}
          onCamera={(off) => void session?.setCameraOff(off)}
          onLeave={onLeave}
        />
        {selfRole === 'clerk' &&
          state?.peers
            .filter((p) => p.role === 'citizen')
            .map((p) => (
              <button
                key={p.peerId}
                type="button"
                className="button button--secondary"
                data-testid="return-to-lobby"
                onClick={() => void session?.returnToLobby(p.peerId).catch(() => undefined)}
              >
                {t('call.returnToLobby', { name: p.name })}
              </button>
            ))}
      </div>
      <div className="call__side">{side}</div>
    </div>
  );
}
