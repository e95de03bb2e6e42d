import {
  CallEvent,
  DocumentInfo,
  type AppointmentStatus,
  type CallMode,
  type ChatMessage,
  type Devices,
  type JoinResult,
  type LobbyInfo,
  type MediaKind,
  type PeerInfo,
  type PeerRole,
  type ProducerInfo,
  type TransportDirection,
} from '@oac/shared';
import { Failure, toFailure, type FailureCode } from '../api/failure';
import { isTransient, retryDelayMs } from './backoff';
import { TypedEmitter } from './emitter';
import { MediaLink } from './MediaLink';
import { callPhase, type CallPhase, type PhaseInputs, type TransportConnection } from './phase';
import { qualityOf, type Quality } from './quality';
import { createCallSocket, failureFromConnectError, request, type CallAuth, type CallSocket } from './socket';

export interface RemotePeer {
  peerId: string;
  role: PeerRole;
  name: string;
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  videoPaused: boolean;
  audioPaused: boolean;
  /** What the other party could not get of its camera or microphone: "no microphone", not "muted". */
  devices: Devices;
  /** Video is expected but no frame has been decoded for a while: say so rather than show a frozen picture. */
  stalled: boolean;
}

/** A citizen in the lobby, as the clerk sees them. */
export interface WaitingPeer {
  peerId: string;
  name: string;
  since: string;
  devices: Devices;
}

export interface CallState {
  phase: CallPhase;
  /** `chat`: chat help, with no media; once the clerk turns it into video, the page joins again with its camera. */
  mode: CallMode;
  failure: FailureCode | null;
  /** Our own role, once joined. */
  role: PeerRole | null;
  /** The other parties in the call with us. */
  peers: RemotePeer[];
  /** For the clerk: who waits to be let in. */
  waiting: WaitingPeer[];
  /** For a waiting citizen: the clerk's message and presence. */
  lobby: LobbyInfo | null;
  chat: ChatMessage[];
  micMuted: boolean;
  cameraOff: boolean;
  /** Whether we are actually sending each kind (a device may be missing or refused). */
  sending: Record<MediaKind, boolean>;
  /** Once the appointment closed (the clerk ended it): how it ended. */
  endedAs: AppointmentStatus | null;
  /** Our own link, from getStats: null until measured. */
  quality: Quality | null;
  /** A party whose connection dropped and has not come back yet. */
  lostPeer: { name: string; role: PeerRole } | null;
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
  /** What could be had of each device, told to the other side. */
  devices?: Devices;
  /** Join with the microphone muted or the camera off. */
  startMuted?: boolean;
  startCameraOff?: boolean;
  /** What the page expects before the join says: chat help opens no media. */
  mode?: CallMode;
}

/** ICE restarts per transport before the whole join is rebuilt. */
const ICE_RESTARTS = 2;
/** Rebuilt joins in a row, without a connection in between, before the call says it failed. */
const MAX_REJOINS = 4;
/** How long a transport may stay `disconnected` before its ICE is restarted (it often recovers alone). */
const DISCONNECTED_GRACE_MS = 2_500;
/** How long an ICE restart gets before the join is rebuilt instead. */
const RESTART_WATCHDOG_MS = 6_000;
/** How long the other party is shown as reconnecting before they are taken as gone. */
const LOST_PEER_MS = 30_000;
const STATS_EVERY_MS = 2_000;

/** What the phase is computed from (phase.ts) but the peers, which come from the state; the transports kept by direction. */
type Facts = Omit<PhaseInputs, 'transports' | 'peers' | 'peerReconnecting'> & {
  transports: Partial<Record<TransportDirection, TransportConnection>>;
};

/**
 * One person's side of one appointment call: the socket, the join, the lobby, the media link and
 * the remote peers. The phase it reports is derived from what ICE, DTLS and the socket really say
 * (phase.ts). It recovers by itself within bounds: an ICE restart first, then a rebuilt join with
 * backoff, and after that it says the call failed. `close()` is idempotent.
 */
export class CallSession extends TypedEmitter<CallSessionEvents> {
  readonly #options: CallSessionOptions;
  readonly #socket: CallSocket;
  #facts: Facts = {
    closed: null,
    failure: null,
    takenOver: false,
    socketConnected: false,
    joined: null,
    everJoined: false,
    retrying: false,
    transports: {},
    chat: false,
  };
  #state: CallState;
  #link: MediaLink | null = null;
  #joinAttempt = 0;
  /** Producers announced before the media link was ready; consumed once it is. */
  #pending: { peerId: string; producer: ProducerInfo }[] = [];
  #owners = new Map<string, { peerId: string; kind: MediaKind }>();
  #closed = false;
  /** A join is on its way: call events wait in #held until its answer is applied. */
  #joining = false;
  #held: (() => void)[] = [];
  /** Where the server last put us, which the join's answer and later events both change. */
  #stage: 'lobby' | 'admitted' = 'lobby';
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #lostTimer: ReturnType<typeof setTimeout> | undefined;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  readonly #recovery = new Map<TransportDirection, { restarts: number; timer?: ReturnType<typeof setTimeout> }>();
  /** Retries since the last successful join, for the backoff. */
  #retries = 0;
  /** Rebuilt joins since media last connected. */
  #rejoins = 0;
  #stalledReadings = new Map<string, number>();
  /** When this join began, or the clerk let us in: the start of the join time the metrics get. Null once reported. */
  #joinClock: number | null = null;

  constructor(options: CallSessionOptions) {
    super();
    this.#options = options;
    this.#state = {
      phase: 'connecting',
      mode: options.mode ?? 'video',
      failure: null,
      role: null,
      peers: [],
      waiting: [],
      lobby: null,
      chat: [],
      micMuted: options.startMuted ?? false,
      cameraOff: options.startCameraOff ?? false,
      sending: { audio: false, video: false },
      endedAs: null,
      quality: null,
      lostPeer: null,
    };
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

  /** The clerk lets a waiting citizen in. */
  admit(peerId: string): Promise<null> {
    return request(this.#socket, CallEvent.admit, { peerId });
  }

  /** The clerk sends the citizen back to the lobby. */
  returnToLobby(peerId: string): Promise<null> {
    return request(this.#socket, CallEvent.returnToLobby, { peerId });
  }

  /** The clerk turns chat help into a video call; everyone in it is told (`mode` becomes `video`). */
  switchToVideo(): Promise<null> {
    return request(this.#socket, CallEvent.switchToVideo, {});
  }

  async sendChat(text: string): Promise<void> {
    const message = await request(this.#socket, CallEvent.chatSend, { text });
    this.#addChat(message);
  }

  /** Takes the call back from the other window that took it over. */
  takeBack(): void {
    if (this.#closed) return;
    this.#fact({ takenOver: false });
    void this.#join();
  }

  /** The receiving tile of `peerId` is this wide: pick the simulcast layer that fits it. */
  fitVideo(peerId: string, widthPx: number): void {
    for (const [producerId, owner] of this.#owners) {
      if (owner.peerId === peerId && owner.kind === 'video') void this.#link?.fitTo(producerId, widthPx).catch(() => undefined);
    }
  }

  /** Says goodbye to the server, then closes everything. */
  async leave(): Promise<void> {
    if (this.#closed) return;
    if (this.#socket.connected && this.#facts.joined) {
      await request(this.#socket, CallEvent.leave, {}, 3_000).catch(() => undefined);
    }
    this.#fact({ closed: this.#facts.closed ?? 'left' });
    this.close();
  }

  close(): void {
    if (this.#closed) return;
    if (!this.#facts.closed && !this.#facts.failure) this.#fact({ closed: 'left' });
    this.#update({ peers: [], waiting: [] });
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#lostTimer);
    window.removeEventListener('online', this.#onOnline);
    this.#teardownMedia();
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
    this.removeAllListeners();
  }

  /** Back on the network (a Wi-Fi change, say): reconnect now rather than at socket.io's next backoff step. */
  readonly #onOnline = (): void => {
    if (!this.#closed && !this.#socket.connected) this.#socket.disconnect().connect();
  };

  #listen(): void {
    const socket = this.#socket;
    window.addEventListener('online', this.#onOnline);
    socket.on('connect', () => {
      this.#fact({ socketConnected: true });
      if (!this.#facts.takenOver) void this.#join();
    });
    socket.on('disconnect', (reason) => {
      this.#teardownMedia();
      this.#fact({ socketConnected: false, joined: null });
      this.#update({ peers: [], waiting: [] });
      // The server hung up on purpose (e.g. the appointment ended): socket.io will not retry.
      if (reason === 'io server disconnect') this.#fact({ failure: 'not_in_call' });
    });
    socket.on('connect_error', (error) => {
      if (socket.active) return;
      // Refused by the server's handshake. A bad token or no session is final; the database
      // being down for a moment is not, and socket.io will not retry a refusal by itself.
      const failure = failureFromConnectError(error);
      if (isTransient(failure)) this.#retryLater(failure, () => socket.connect());
      else this.#fact({ failure: failure.code });
    });
    // What happens in the call while our join is on its way is newer than the join's answer: it
    // waits, and is applied after it (the server only tells us once we are in the room).
    const inOrder =
      <A extends unknown[]>(handle: (...args: A) => void) =>
      (...args: A) => {
        if (this.#joining) this.#held.push(() => handle(...args));
        else handle(...args);
      };
    socket.on(
      CallEvent.peerJoined,
      inOrder((peer) => this.#onPeer(peer)),
    );
    socket.on(
      CallEvent.peerUpdated,
      inOrder((peer) => this.#onPeer(peer)),
    );
    socket.on(
      CallEvent.peerLeft,
      inOrder(({ peerId, reason }) => this.#removePeer(peerId, reason)),
    );
    socket.on(
      CallEvent.admitted,
      inOrder(({ peers }) => {
        // The wait in the lobby is the clerk's, not the platform's: the join time starts here.
        if (this.#joinClock !== null) this.#joinClock = performance.now();
        void this.#onAdmitted(peers);
      }),
    );
    socket.on(
      CallEvent.returnedToLobby,
      inOrder(({ lobby }) => {
        this.#stage = 'lobby';
        this.#link?.stopProducing();
        this.#owners.clear();
        this.#pending = [];
        this.#fact({ joined: 'lobby' });
        this.#update({ lobby, peers: [], sending: { audio: false, video: false } });
      }),
    );
    socket.on(
      CallEvent.takenOver,
      inOrder(() => {
        this.#teardownMedia();
        this.#fact({ takenOver: true, joined: null });
        this.#update({ peers: [], waiting: [] });
      }),
    );
    socket.on(
      CallEvent.lobby,
      inOrder((lobby) => this.#update({ lobby })),
    );
    socket.on(
      CallEvent.chatMessage,
      inOrder((message) => this.#addChat(message)),
    );
    // Chat help became a video call: the page joins again, with the camera and the microphone.
    socket.on(
      CallEvent.modeChanged,
      inOrder(({ mode }) => this.#update({ mode })),
    );
    // The appointment closed: the call is over for good, whatever the network does next.
    socket.on(CallEvent.ended, ({ status }) => {
      this.#update({ endedAs: status });
      this.#fact({ closed: 'ended' });
      this.close();
    });
    // The server lost the media side of the call (a media worker died): rebuild it at once.
    socket.on(CallEvent.restart, () => this.#rebuild(true));
    socket.on(
      CallEvent.newProducer,
      inOrder(({ peerId, ...producer }) => void this.#consume(peerId, producer)),
    );
    socket.on(
      CallEvent.producerClosed,
      inOrder(({ producerId }) => this.#dropProducer(producerId)),
    );
    socket.on(
      CallEvent.producerPaused,
      inOrder(({ producerId, paused }) => {
        const owner = this.#owners.get(producerId);
        if (owner) this.#patchPeer(owner.peerId, owner.kind === 'video' ? { videoPaused: paused } : { audioPaused: paused });
      }),
    );
    socket.on(CallEvent.documentAdded, (payload) => {
      const parsed = DocumentInfo.safeParse(payload);
      if (parsed.success) this.safeEmit('documentAdded', parsed.data);
      else console.error('documentAdded: the payload does not match the protocol', parsed.error);
    });
  }

  async #join(): Promise<void> {
    const attempt = ++this.#joinAttempt;
    if (!this.#facts.everJoined) this.#joinClock = performance.now();
    const stale = () => this.#closed || attempt !== this.#joinAttempt;
    this.#fact({ joined: null, retrying: false });
    this.#joining = true;
    this.#held = [];
    try {
      const joined = await request(this.#socket, CallEvent.join, {
        appointmentId: this.#options.appointmentId,
        ...(this.#options.devices ? { devices: this.#options.devices } : {}),
      }).finally(() => {
        if (attempt === this.#joinAttempt) this.#joining = false;
      });
      if (stale()) return;
      this.#stage = joined.stage;
      this.#facts = { ...this.#facts, chat: joined.mode === 'chat' };
      this.#update({ role: joined.role, mode: joined.mode, peers: [], waiting: [], lobby: joined.lobby, chat: joined.chat });
      for (const peer of joined.peers) this.#onPeer(peer, false);
      if (joined.stage === 'lobby') this.#fact({ joined: 'lobby', everJoined: true });
      for (const held of this.#held.splice(0)) held();
      // A chat opens no media link: nothing to send, nothing to receive, no transport.
      if (joined.mode === 'chat') {
        this.#retries = 0;
        this.#fact({ joined: this.#stage, everJoined: true });
        return;
      }
      // Opened in the lobby too: when the clerk lets us in, only the media has to start.
      const link = await this.#openLink(joined);
      if (stale()) {
        link.close();
        return;
      }
      this.#link = link;
      this.#retries = 0;
      // The clerk may have let us in, or sent us back, while the link was opening.
      this.#fact({ joined: this.#stage, everJoined: true });
      this.#watchStats();
      if (this.#stage === 'admitted') await this.#startMedia(link);
    } catch (error) {
      if (stale()) return;
      this.#teardownMedia();
      const failure = toFailure(error);
      // The media side restarting or busy, the database down, a lost answer: try again, backing off.
      // A node that is stopping opens no new call: a new connection may reach another node.
      if (failure.code === 'server_draining') {
        this.#retryLater(failure, () => this.#socket.disconnect().connect());
        return;
      }
      if (isTransient(failure)) {
        this.#retryLater(failure, () => this.#socket.connected && void this.#join());
        return;
      }
      // A refused join (forbidden, appointment_not_found…) is final: do not let socket.io retry it.
      this.#fact({ failure: failure.code });
      this.#socket.disconnect();
    }
  }

  #openLink(joined: JoinResult): Promise<MediaLink> {
    return MediaLink.open(this.#socket, {
      routerRtpCapabilities: joined.routerRtpCapabilities,
      iceServers: joined.iceServers,
      iceTransportPolicy: joined.iceTransportPolicy,
      onConnection: (direction, state) => this.#onConnection(direction, state),
    });
  }

  async #onAdmitted(peers: PeerInfo[]): Promise<void> {
    this.#stage = 'admitted';
    this.#update({ waiting: [] });
    for (const peer of peers) this.#onPeer(peer, false);
    // Without a link yet, the join that is opening it starts the media once it is up.
    if (!this.#link || this.#link.closed) return;
    this.#fact({ joined: 'admitted' });
    await this.#startMedia(this.#link);
  }

  /** Sends our own media and receives what the others send. Receiving first: the other side's picture is what says the call started. */
  async #startMedia(link: MediaLink): Promise<void> {
    const pending = this.#pending.splice(0).sort((a, b) => (a.producer.kind === 'video' ? 0 : 1) - (b.producer.kind === 'video' ? 0 : 1));
    await Promise.all([this.#produceLocal(link), ...pending.map(({ peerId, producer }) => this.#consume(peerId, producer))]);
  }

  /** Waits longer after each failure in a row, and never less than the server asked. */
  #retryLater(failure: Failure, again: () => void): void {
    this.#fact({ retrying: true });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(
      () => {
        if (this.#closed) return;
        this.#fact({ retrying: false });
        again();
      },
      retryDelayMs(this.#retries++, failure),
    );
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
    if (!link || link.closed || this.#facts.joined !== 'admitted') {
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
      if (producer.kind === 'video') this.#reportJoinTimeOnFirstFrame(consumer.track);
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

  /** A peer joined, changed stage or devices: the clerk keeps waiting citizens apart from the call. */
  #onPeer(peer: PeerInfo, consumeNow = true): void {
    const others = this.#state.peers.filter((p) => p.peerId !== peer.peerId);
    const waiting = this.#state.waiting.filter((w) => w.peerId !== peer.peerId);
    if (peer.stage === 'lobby') {
      for (const [producerId, owner] of this.#owners) if (owner.peerId === peer.peerId) this.#dropProducer(producerId);
      this.#update({
        peers: others,
        waiting: [...waiting, { peerId: peer.peerId, name: peer.name, since: peer.since, devices: peer.devices }],
      });
      return;
    }
    const known = this.#state.peers.find((p) => p.peerId === peer.peerId);
    const remote: RemotePeer = known
      ? { ...known, devices: peer.devices }
      : {
          peerId: peer.peerId,
          role: peer.role,
          name: peer.name,
          video: null,
          audio: null,
          videoPaused: peer.producers.some((p) => p.kind === 'video' && p.paused),
          audioPaused: peer.producers.some((p) => p.kind === 'audio' && p.paused),
          devices: peer.devices,
          stalled: false,
        };
    const lostPeer = this.#state.lostPeer?.role === peer.role ? null : this.#state.lostPeer;
    if (!lostPeer) clearTimeout(this.#lostTimer);
    this.#update({ peers: [...others, remote], waiting, lostPeer });
    if (known) return;
    for (const producer of peer.producers) {
      if (consumeNow) void this.#consume(peer.peerId, producer);
      else this.#pending.push({ peerId: peer.peerId, producer });
    }
  }

  #removePeer(peerId: string, reason: 'left' | 'connection_lost'): void {
    const gone = this.#state.peers.find((p) => p.peerId === peerId);
    for (const [producerId, owner] of this.#owners) if (owner.peerId === peerId) this.#dropProducer(producerId);
    const lostPeer = gone && reason === 'connection_lost' ? { name: gone.name, role: gone.role } : this.#state.lostPeer;
    if (gone && reason === 'connection_lost') {
      clearTimeout(this.#lostTimer);
      this.#lostTimer = setTimeout(() => this.#update({ lostPeer: null }), LOST_PEER_MS);
    }
    this.#update({
      peers: this.#state.peers.filter((p) => p.peerId !== peerId),
      waiting: this.#state.waiting.filter((w) => w.peerId !== peerId),
      lostPeer,
    });
  }

  #patchPeer(peerId: string, patch: Partial<RemotePeer>): void {
    this.#update({ peers: this.#state.peers.map((p) => (p.peerId === peerId ? { ...p, ...patch } : p)) });
  }

  #addChat(message: ChatMessage): void {
    if (this.#state.chat.some((m) => m.id === message.id)) return;
    this.#update({ chat: [...this.#state.chat, message] });
  }

  /**
   * ICE and DTLS of one transport changed. A drop gets a moment to heal by itself, then an ICE
   * restart, then a rebuilt join; a connection resets all of it.
   */
  #onConnection(direction: TransportDirection, state: TransportConnection): void {
    this.#fact({ transports: { ...this.#facts.transports, [direction]: state } });
    const recovery = this.#recovery.get(direction) ?? { restarts: 0 };
    this.#recovery.set(direction, recovery);
    clearTimeout(recovery.timer);
    if (state === 'connected') {
      recovery.restarts = 0;
      this.#rejoins = 0;
    } else if (state === 'failed') {
      this.#restartIce(direction);
    } else if (state === 'disconnected') {
      recovery.timer = setTimeout(() => this.#restartIce(direction), DISCONNECTED_GRACE_MS);
    }
  }

  #restartIce(direction: TransportDirection): void {
    const link = this.#link;
    const recovery = this.#recovery.get(direction)!;
    if (!link || link.closed) return;
    if (recovery.restarts >= ICE_RESTARTS) {
      this.#rebuild();
      return;
    }
    recovery.restarts += 1;
    link.restartIce(direction).catch(() => this.#rebuild());
    recovery.timer = setTimeout(() => {
      if (this.#link === link && link.connection(direction) !== 'connected') this.#rebuild();
    }, RESTART_WATCHDOG_MS);
  }

  /** A fresh join builds new transports, as a reconnect does; after a few in a row without media, the call has failed. */
  #rebuild(now = false): void {
    if (this.#closed) return;
    this.#teardownMedia();
    this.#fact({ joined: null });
    if (++this.#rejoins > MAX_REJOINS) {
      this.#fact({ failure: 'media_connection_failed' });
      return;
    }
    // The server asking (its media restarted) is answered at once; our own failures back off.
    if (now) this.#socket.disconnect().connect();
    else this.#retryLater(new Failure('media_connection_failed', 'rebuilding the call'), () => this.#socket.disconnect().connect());
  }

  /** Quality every two seconds, and which remote pictures have stopped moving. */
  #watchStats(): void {
    clearInterval(this.#statsTimer);
    this.#statsTimer = setInterval(() => void this.#readStats(), STATS_EVERY_MS);
  }

  async #readStats(): Promise<void> {
    const link = this.#link;
    if (!link || link.closed || this.#facts.joined !== 'admitted') return;
    const stats = await link.stats().catch(() => null);
    if (!stats || this.#link !== link) return;
    const peers = this.#state.peers.map((peer) => {
      const producerId = [...this.#owners].find(([, o]) => o.peerId === peer.peerId && o.kind === 'video')?.[0];
      const frames = producerId ? stats.framesDecoded.get(producerId) : undefined;
      const still = peer.video && !peer.videoPaused && frames === 0 ? (this.#stalledReadings.get(peer.peerId) ?? 0) + 1 : 0;
      this.#stalledReadings.set(peer.peerId, still);
      return still >= 2 === peer.stalled ? peer : { ...peer, stalled: still >= 2 };
    });
    this.#update({ quality: qualityOf(stats), peers });
  }

  /** The first remote video of this session tells the server how long joining took (a metric, issue 17). */
  #reportJoinTimeOnFirstFrame(track: MediaStreamTrack): void {
    const report = () => {
      if (this.#joinClock === null || this.#closed) return;
      const ms = Math.round(performance.now() - this.#joinClock);
      this.#joinClock = null;
      request(this.#socket, CallEvent.reportJoinTime, { ms: Math.min(ms, 600_000), browser: browserFamily() }).catch(() => undefined);
    };
    // A remote track is muted until its first packets arrive.
    if (!track.muted) report();
    else track.addEventListener('unmute', report, { once: true });
  }

  #teardownMedia(): void {
    this.#joinAttempt += 1;
    clearInterval(this.#statsTimer);
    for (const recovery of this.#recovery.values()) clearTimeout(recovery.timer);
    this.#recovery.clear();
    this.#link?.close();
    this.#link = null;
    this.#pending = [];
    this.#owners.clear();
    this.#stalledReadings.clear();
    this.#facts = { ...this.#facts, transports: {} };
    this.#update({ quality: null, sending: { audio: false, video: false } });
  }

  #fact(patch: Partial<Facts>): void {
    this.#facts = { ...this.#facts, ...patch };
    this.#update({});
  }

  #update(patch: Partial<CallState>): void {
    if (this.#closed) return;
    const next = { ...this.#state, ...patch };
    const phase = callPhase({
      ...this.#facts,
      transports: Object.values(this.#facts.transports),
      peers: next.peers.length,
      peerReconnecting: next.lostPeer !== null,
    });
    this.#state = { ...next, phase, failure: this.#facts.failure };
    this.safeEmit('change', this.#state);
  }
}

function browserFamily(): 'chromium' | 'firefox' | 'safari' | 'other' {
  const ua = navigator.userAgent;
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrome\/|Chromium\//.test(ua)) return 'chromium';
  if (/Safari\//.test(ua)) return 'safari';
  return 'other';
}
