import {
  CallEvent,
  DocumentInfo,
  type AppointmentStatus,
  type MediaKind,
  type PeerInfo,
  type PeerRole,
  type ProducerInfo,
} from '@oac/shared';
import { toFailure, type Failure, type FailureCode } from '../api/failure';
import { isTransient, retryDelayMs } from './backoff';
import { TypedEmitter } from './emitter';
import { MediaLink } from './MediaLink';
import { createCallSocket, failureFromConnectError, request, type CallAuth, type CallSocket } from './socket';

export type CallPhase = 'connecting' | 'waiting' | 'connected' | 'reconnecting' | 'failed' | 'left' | 'ended';

export interface RemotePeer {
  peerId: string;
  role: PeerRole;
  name: string;
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  videoPaused: boolean;
  audioPaused: boolean;
}

export interface CallState {
  phase: CallPhase;
  failure: FailureCode | null;
  /** Our own role, once joined. */
  role: PeerRole | null;
  peers: RemotePeer[];
  micMuted: boolean;
  cameraOff: boolean;
  /** Whether we are actually sending each kind (a device may be missing or refused). */
  sending: Record<MediaKind, boolean>;
  /** Once the appointment closed (the clerk ended it): how it ended. */
  endedAs: AppointmentStatus | null;
}

type CallSessionEvents = {
  change: [CallState];
  documentAdded: [DocumentInfo];
};

export interface CallSessionOptions {
  appointmentId: string;
  auth: CallAuth;
  /** The camera and microphone to send; null to take part without them. Stopping it is the owner's job. */
  stream: MediaStream | null;
}

/**
 * One person's side of one appointment call: the socket, the join, the media link and the
 * remote peers. It rejoins by itself after a dropped connection; `close()` is idempotent.
 */
export class CallSession extends TypedEmitter<CallSessionEvents> {
  readonly #options: CallSessionOptions;
  readonly #socket: CallSocket;
  #state: CallState = {
    phase: 'connecting',
    failure: null,
    role: null,
    peers: [],
    micMuted: false,
    cameraOff: false,
    sending: { audio: false, video: false },
    endedAs: null,
  };
  #link: MediaLink | null = null;
  #joinAttempt = 0;
  /** Producers announced before the media link was ready; consumed once it is. */
  #pending: { peerId: string; producer: ProducerInfo }[] = [];
  #owners = new Map<string, { peerId: string; kind: MediaKind }>();
  #closed = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Retries since the last successful join, for the backoff. */
  #retries = 0;

  constructor(options: CallSessionOptions) {
    super();
    this.#options = options;
    this.#socket = createCallSocket(options.auth);
    this.#listen();
  }

  get state(): CallState {
    return this.#state;
  }

  start(): void {
    if (!this.#closed) this.#socket.connect();
  }

  async setMicMuted(muted: boolean): Promise<void> {
    this.#update({ micMuted: muted });
    await this.#setPaused('audio', muted);
  }

  async setCameraOff(off: boolean): Promise<void> {
    this.#update({ cameraOff: off });
    await this.#setPaused('video', off);
  }

  /** Says goodbye to the server, then closes everything. */
  async leave(): Promise<void> {
    if (this.#closed) return;
    if (this.#socket.connected && this.#link) {
      await request(this.#socket, CallEvent.leave, {}, 3_000).catch(() => undefined);
    }
    this.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    window.removeEventListener('online', this.#onOnline);
    this.#teardownMedia();
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
    if (this.#state.phase !== 'failed' && this.#state.phase !== 'ended') this.#update({ phase: 'left', peers: [] });
    this.removeAllListeners();
  }

  /** Back on the network (a Wi-Fi change, say): reconnect now rather than at socket.io's next backoff step. */
  readonly #onOnline = (): void => {
    if (!this.#closed && !this.#socket.connected) this.#socket.disconnect().connect();
  };

  #listen(): void {
    const socket = this.#socket;
    window.addEventListener('online', this.#onOnline);
    socket.on('connect', () => void this.#join());
    socket.on('disconnect', (reason) => {
      this.#teardownMedia();
      // We hung up ourselves (a refused join, a transport rebuild): the phase is already said.
      if (reason === 'io client disconnect') return;
      // The server hung up on purpose (e.g. the appointment ended): socket.io will not retry.
      if (reason === 'io server disconnect') this.#update({ phase: 'failed', failure: 'not_in_call', peers: [] });
      else this.#update({ phase: 'reconnecting', peers: [] });
    });
    socket.on('connect_error', (error) => {
      if (socket.active) {
        if (this.#state.phase !== 'connecting') this.#update({ phase: 'reconnecting' });
        return;
      }
      // Refused by the server's handshake. A bad token or no session is final; the database
      // being down for a moment is not, and socket.io will not retry a refusal by itself.
      const failure = failureFromConnectError(error);
      if (isTransient(failure)) this.#retryLater(failure, () => socket.connect());
      else this.#update({ phase: 'failed', failure: failure.code });
    });
    socket.on(CallEvent.peerJoined, (peer) => {
      this.#upsertPeer(peer);
      for (const producer of peer.producers) void this.#consume(peer.peerId, producer);
    });
    socket.on(CallEvent.peerLeft, ({ peerId }) => this.#removePeer(peerId));
    // The appointment closed: the call is over for good, whatever the network does next.
    socket.on(CallEvent.ended, ({ status }) => {
      this.#update({ phase: 'ended', endedAs: status, peers: [] });
      this.close();
    });
    // The server lost the media side of the call (a media worker died): rebuild it at once.
    socket.on(CallEvent.restart, () => this.#onTransportFailed());
    socket.on(CallEvent.newProducer, ({ peerId, ...producer }) => void this.#consume(peerId, producer));
    socket.on(CallEvent.producerClosed, ({ producerId }) => this.#dropProducer(producerId));
    socket.on(CallEvent.producerPaused, ({ producerId, paused }) => {
      const owner = this.#owners.get(producerId);
      if (owner) this.#patchPeer(owner.peerId, owner.kind === 'video' ? { videoPaused: paused } : { audioPaused: paused });
    });
    socket.on(CallEvent.documentAdded, (payload) => {
      const parsed = DocumentInfo.safeParse(payload);
      if (parsed.success) this.safeEmit('documentAdded', parsed.data);
      else console.error('documentAdded: the payload does not match the protocol', parsed.error);
    });
  }

  async #join(): Promise<void> {
    const attempt = ++this.#joinAttempt;
    const stale = () => this.#closed || attempt !== this.#joinAttempt;
    this.#update({ phase: 'connecting', failure: null });
    try {
      const joined = await request(this.#socket, CallEvent.join, { appointmentId: this.#options.appointmentId });
      if (stale()) return;
      this.#update({ role: joined.role, peers: [] });
      for (const peer of joined.peers) this.#upsertPeer(peer);
      this.#pending.push(...joined.peers.flatMap((peer) => peer.producers.map((producer) => ({ peerId: peer.peerId, producer }))));
      const link = await MediaLink.open(this.#socket, joined.routerRtpCapabilities, () => this.#onTransportFailed());
      if (stale()) {
        link.close();
        return;
      }
      this.#link = link;
      // Receiving does not wait for sending: the other side's picture comes first.
      // Video first: the other person's face is what says the call has started.
      const pending = this.#pending.splice(0).sort((a, b) => (a.producer.kind === 'video' ? 0 : 1) - (b.producer.kind === 'video' ? 0 : 1));
      await Promise.all([this.#produceLocal(link), ...pending.map(({ peerId, producer }) => this.#consume(peerId, producer))]);
      if (stale()) return;
      this.#retries = 0;
      this.#settlePhase();
    } catch (error) {
      if (stale()) return;
      this.#teardownMedia();
      const failure = toFailure(error);
      // The media side restarting or busy, the database down, a lost answer: try again, backing off.
      if (isTransient(failure)) {
        this.#retryLater(failure, () => this.#socket.connected && void this.#join());
        return;
      }
      // A refused join (forbidden, appointment_not_found…) is final: do not let socket.io retry it.
      this.#update({ phase: 'failed', failure: failure.code, peers: [] });
      this.#socket.disconnect();
    }
  }

  /** Waits longer after each failure in a row, and never less than the server asked. */
  #retryLater(failure: Failure, again: () => void): void {
    this.#update({ phase: 'reconnecting', peers: [] });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => !this.#closed && again(), retryDelayMs(this.#retries++, failure));
  }

  async #produceLocal(link: MediaLink): Promise<void> {
    const sending = { audio: false, video: false };
    for (const track of this.#options.stream?.getTracks() ?? []) {
      const kind = track.kind as MediaKind;
      if (track.readyState === 'ended' || !link.canProduce(kind)) continue;
      try {
        await link.produce(track, kind === 'audio' ? this.#state.micMuted : this.#state.cameraOff);
        sending[kind] = true;
      } catch (error) {
        // Not being able to send one kind must not keep us from seeing and hearing the other side.
        if (link.closed) throw error;
        console.warn(`produce() failed [kind:${kind}]`, error);
      }
    }
    this.#update({ sending });
  }

  async #consume(peerId: string, producer: ProducerInfo): Promise<void> {
    const link = this.#link;
    if (!link || link.closed) {
      this.#pending.push({ peerId, producer });
      return;
    }
    this.#owners.set(producer.producerId, { peerId, kind: producer.kind });
    try {
      const { consumer, producerPaused } = await link.consume(producer.producerId);
      // The producer may have closed while we were subscribing to it.
      if (link.closed || !this.#owners.has(producer.producerId)) {
        link.closeConsumer(producer.producerId);
        return;
      }
      this.#patchPeer(
        peerId,
        producer.kind === 'video'
          ? { video: consumer.track, videoPaused: producerPaused }
          : { audio: consumer.track, audioPaused: producerPaused },
      );
    } catch (error) {
      console.warn(`consume() failed [producerId:${producer.producerId}]`, error);
    }
  }

  async #setPaused(kind: MediaKind, paused: boolean): Promise<void> {
    try {
      await this.#link?.setPaused(kind, paused);
    } catch (error) {
      // The local pause already happened; the other side just keeps a stale icon.
      console.warn(`setPaused() not acknowledged [kind:${kind}]`, error);
    }
  }

  #dropProducer(producerId: string): void {
    const owner = this.#owners.get(producerId);
    this.#owners.delete(producerId);
    this.#link?.closeConsumer(producerId);
    if (owner) this.#patchPeer(owner.peerId, owner.kind === 'video' ? { video: null } : { audio: null });
  }

  #upsertPeer(peer: PeerInfo): void {
    const remote: RemotePeer = {
      peerId: peer.peerId,
      role: peer.role,
      name: peer.name,
      video: null,
      audio: null,
      videoPaused: peer.producers.some((p) => p.kind === 'video' && p.paused),
      audioPaused: peer.producers.some((p) => p.kind === 'audio' && p.paused),
    };
    this.#update({ peers: [...this.#state.peers.filter((p) => p.peerId !== peer.peerId), remote] });
    this.#settlePhase();
  }

  #removePeer(peerId: string): void {
    for (const [producerId, owner] of this.#owners) if (owner.peerId === peerId) this.#dropProducer(producerId);
    this.#update({ peers: this.#state.peers.filter((p) => p.peerId !== peerId) });
    this.#settlePhase();
  }

  #patchPeer(peerId: string, patch: Partial<RemotePeer>): void {
    this.#update({ peers: this.#state.peers.map((p) => (p.peerId === peerId ? { ...p, ...patch } : p)) });
  }

  /** Waiting or connected, by whether anyone else is here; only once our own media link is up. */
  #settlePhase(): void {
    if (!this.#link || this.#link.closed) return;
    const { phase, peers } = this.#state;
    if (phase === 'failed' || phase === 'left' || phase === 'ended' || phase === 'reconnecting') return;
    this.#update({ phase: peers.length > 0 ? 'connected' : 'waiting' });
  }

  #onTransportFailed(): void {
    // ICE/DTLS gave up; a fresh join builds new transports, which is what a reconnect does.
    if (this.#closed) return;
    this.#update({ phase: 'reconnecting' });
    this.#socket.disconnect().connect();
  }

  #teardownMedia(): void {
    this.#joinAttempt += 1;
    this.#link?.close();
    this.#link = null;
    this.#pending = [];
    this.#owners.clear();
  }

  #update(patch: Partial<CallState>): void {
    this.#state = { ...this.#state, ...patch };
    this.safeEmit('change', this.#state);
  }
}
