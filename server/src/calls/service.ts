import {
  AppError,
  CallEvent,
  citizenMayJoin,
  isClosed,
  MediaCommand,
  type AppointmentStatus,
  type CallBroadcastName,
  type CallBroadcastOf,
  type ChatMessage,
  type ClerkPresence,
  type ConnectTransportRequest,
  type ConsumeRequest,
  type ConsumerOptions,
  type CreateTransportRequest,
  type Devices,
  type JoinResult,
  type LobbyInfo,
  type MediaCommandName,
  type MediaCommandPayload,
  type MediaCommandResult,
  type Principal,
  type ProduceRequest,
  type SetConsumerLayersRequest,
  type SetProducerPausedRequest,
  type TransportOptions,
} from '@oac/shared';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { assertAppointmentAccess } from '../appointments/access';
import type { AppointmentRow } from '../appointments/repository';
import type { AppointmentService } from '../appointments/service';
import { actorOf, type Actor } from '../audit/audit';
import { iceServersFor, type IceSettings } from './ice';
import { LiveRoom } from './live-room';
import type { CallRepository } from './repository';
import { roomMay, roomPresence, roomReduce, visiblePeers, type RoomCommand, type RoomEffect, type RoomPeer } from './room-state';

/** The part of the media channel the calls domain needs. */
export interface MediaApi {
  request<K extends MediaCommandName>(command: K, payload: MediaCommandPayload<K>): Promise<MediaCommandResult<K>>;
}

/**
 * Where the calls domain tells the browsers what happened; implemented over socket.io rooms, so
 * that it reaches a socket on whichever node holds it.
 */
export interface CallBroadcast {
  /** Everyone in the call, the lobby too: the chat, the end. */
  toCall<E extends CallBroadcastName>(appointmentId: string, exceptSocketId: string | null, event: E, payload: CallBroadcastOf<E>): void;
  /** The admitted peers only: media, and who is in the call. */
  toAdmitted<E extends CallBroadcastName>(
    appointmentId: string,
    exceptSocketId: string | null,
    event: E,
    payload: CallBroadcastOf<E>,
  ): void;
  toSocket<E extends CallBroadcastName>(socketId: string, event: E, payload: CallBroadcastOf<E>): void;
  /** Puts a socket into, or takes it out of, the admitted peers of a call. */
  setAdmitted(socketId: string, appointmentId: string, admitted: boolean): void;
  /** Takes a socket out of a call altogether (another window took its place). */
  detach(socketId: string, appointmentId: string): void;
}

/** Where the clerks are: on a staff page, in another call, or gone. */
export interface ClerkDirectory {
  /** The presence, and which clerks are on line and free to take the call. */
  presence(
    officeId: string,
    clerkId: string | null,
    appointmentId: string,
  ): Promise<{ presence: Exclude<ClerkPresence, 'away'>; free: string[] }>;
}

export interface Membership {
  appointmentId: string;
  peerId: string;
  role: 'citizen' | 'clerk';
}

export interface CallServiceOptions {
  ice: IceSettings & { policy: 'all' | 'relay' };
  clock?: () => Date;
}

const NO_DEVICES_REPORTED: Devices = { audio: 'ok', video: 'ok' };
/** How long calls whose media worker died wait for it before they are told to rejoin anyway. */
const MEDIA_BACK_WAIT_MS = 5_000;

/**
 * The calls of this node. Every change of a room goes through the pure room rules (room-state.ts)
 * inside that room's queue; this class applies what they decide to the media worker, PostgreSQL and
 * the sockets. Nobody sends or receives media before the clerk admits them: the checks are here, on
 * the server, whatever a browser sends.
 */
export class CallService {
  private readonly rooms = new Map<string, LiveRoom>();
  /** Set when the node is stopping (SIGTERM): see `join`. */
  draining = false;
  /** Rooms whose media worker process died, told to rejoin once it is back. */
  private readonly lostRooms = new Set<string>();
  private lostRoomsTimer: NodeJS.Timeout | undefined;
  private readonly opening = new Map<string, Promise<LiveRoom>>();
  private readonly clock: () => Date;

  constructor(
    private readonly appointments: AppointmentService,
    private readonly media: MediaApi,
    private readonly broadcast: CallBroadcast,
    private readonly repo: CallRepository,
    private readonly clerks: ClerkDirectory,
    private readonly log: Logger,
    private readonly options: CallServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    appointments.on('changed', (row) => {
      // An appointment that closes (the clerk ended it, the citizen cancelled) ends its call for everyone in it.
      if (isClosed(row.status)) void this.endCall(row.id, row.status);
      const room = this.rooms.get(row.id);
      if (room && room.appointment.clerkId !== row.clerk_id) {
        room.appointment = roomAppointment(row);
        void this.refreshLobby(room);
      }
    });
  }

  /**
   * Lets in the appointment's citizen or a clerk who may take it; anybody else gets a refusal and no
   * media. The citizen comes in from the join window before the start until its end, or whenever
   * the clerk is already there, and waits in the lobby until the clerk admits them.
   */
  async join(
    principal: Principal,
    socketId: string,
    appointmentId: string,
    devices: Devices = NO_DEVICES_REPORTED,
  ): Promise<{ membership: Membership; result: JoinResult }> {
    // A draining node finishes its calls (a rejoin of one is welcome) but opens no new one.
    if (this.draining && !this.rooms.has(appointmentId)) {
      throw new AppError('server_draining', 'This server is shutting down; the call opens on another one.');
    }
    const appt = assertAppointmentAccess(principal, await this.appointments.find(appointmentId), 'join_call');
    const role = principal.kind === 'citizen' ? 'citizen' : 'clerk';
    this.assertMayEnter(appt, role);
    const room = await this.room(appt);
    // A chat needs nothing of the media side, which may even be down meanwhile. Turned into video
    // while this join waits, the call's broadcast tells this socket to join again.
    const mode = room.state.mode;
    const { rtpCapabilities } =
      mode === 'chat' ? { rtpCapabilities: {} } : await this.media.request(MediaCommand.ensureRoom, { roomId: appointmentId });
    const joined = await room.serial(async () => {
      // The room may have emptied and closed while this join waited for it.
      if (this.rooms.get(appointmentId) !== room) return null;
      const peerId = randomUUID();
      const now = this.clock().getTime();
      const state = await this.applyCommand(room, { type: 'join', peer: { peerId, socketId, role, name: principal.name, devices }, now });
      const peer = room.peer(peerId)!;
      this.announce(room, peer, CallEvent.peerJoined);
      if (peer.stage === 'admitted') this.broadcast.setAdmitted(socketId, appointmentId, true);
      return { peer, peers: visiblePeers(state, peerId).map((p) => room.info(p)) };
    });
    if (!joined) return this.join(principal, socketId, appointmentId, devices);
    const [lobby, chat] = await Promise.all([this.lobbyInfo(room), this.repo.messages(appointmentId)]);
    await this.updatePresence(room, actorOf(principal));
    if (role === 'clerk') void this.refreshLobbies(appt.office_id);
    this.log.info({ appointmentId, peerId: joined.peer.peerId, role, stage: joined.peer.stage }, 'join()');
    return {
      membership: { appointmentId, peerId: joined.peer.peerId, role },
      result: {
        peerId: joined.peer.peerId,
        role,
        stage: joined.peer.stage,
        mode,
        routerRtpCapabilities: rtpCapabilities,
        iceServers: iceServersFor(this.options.ice, joined.peer.peerId, this.clock().getTime()),
        iceTransportPolicy: this.options.ice.policy,
        peers: joined.peers,
        lobby,
        chat,
      },
    };
  }

  private assertMayEnter(appt: AppointmentRow, role: 'citizen' | 'clerk'): void {
    if (appt.channel !== 'video') throw new AppError('not_a_video_call', 'This appointment is at the office, not by video.');
    const clerkPresent = this.rooms.get(appt.id)?.byRole('clerk') !== undefined;
    const times = { now: this.clock(), startsAt: appt.starts_at, endsAt: appt.ends_at };
    const may = role === 'citizen' ? citizenMayJoin(appt.status, times, this.appointments.rules, clerkPresent) : null;
    if (isClosed(appt.status) || (may && !may.ok && may.code === 'appointment_closed')) {
      throw new AppError('appointment_closed', 'This appointment is over.', { status: appt.status });
    }
    if (may && !may.ok) {
      if (may.code === 'join_not_open') {
        throw new AppError('join_not_open', 'The call opens shortly before the appointment.', { opensAt: may.opensAt.toISOString() });
      }
      throw new AppError('join_closed', 'The time of this appointment is over.');
    }
  }

  /** The clerk lets the waiting citizen in. The decision is stored first: it outlives this node. */
  admit(m: Membership, target: string, principal: Principal): Promise<null> {
    return this.decideAdmission(m, target, principal, 'admit');
  }

  /** The clerk sends the citizen back to wait; their media stops at once. */
  returnToLobby(m: Membership, target: string, principal: Principal): Promise<null> {
    return this.decideAdmission(m, target, principal, 'return_to_lobby');
  }

  private async decideAdmission(m: Membership, target: string, principal: Principal, type: 'admit' | 'return_to_lobby'): Promise<null> {
    const room = this.liveRoom(m);
    await room.serial(() => this.applyCommand(room, { type, by: m.peerId, target, now: this.clock().getTime() }, actorOf(principal)));
    await this.updatePresence(room, actorOf(principal));
    return null;
  }

  async setDevices(m: Membership, devices: Devices): Promise<null> {
    const room = this.liveRoom(m);
    await room.serial(() => this.applyCommand(room, { type: 'set_devices', peerId: m.peerId, devices }));
    return null;
  }

  /**
   * The clerk turns chat help into a video call. The room's rules first (the clerk of this room,
   * a chat still), then the appointment, stored and audited (its own clerk, still open), and only
   * then the room: everyone in it is told to join again with their camera and microphone.
   */
  async switchToVideo(m: Membership, principal: Principal): Promise<null> {
    const room = this.liveRoom(m);
    await room.serial(async () => {
      const decided = roomReduce(room.state, { type: 'switch_to_video', by: m.peerId });
      if (!decided.ok) throw new AppError(decided.code, decided.message);
      await this.appointments.switchToVideo(principal, m.appointmentId);
      await this.applyCommand(room, { type: 'switch_to_video', by: m.peerId }, actorOf(principal));
    });
    this.log.info({ appointmentId: m.appointmentId }, 'switchToVideo()');
    return null;
  }

  /**
   * Runs one command through the pure rules and carries out what they decide. The clerk's decision
   * is written to PostgreSQL before anything else, so that a refusal from the database leaves the
   * room as it was. Runs inside the room's queue.
   */
  private async applyCommand(room: LiveRoom, command: RoomCommand, actor?: Actor): Promise<LiveRoom['state']> {
    const decided = roomReduce(room.state, command);
    if (!decided.ok) throw new AppError(decided.code, decided.message);
    const admission = decided.effects.find((e) => e.type === 'admission_changed');
    if (admission && actor) await this.repo.setAdmitted(room.appointmentId, admission.admitted, actor);
    room.state = decided.state;
    for (const effect of decided.effects) await this.carryOut(room, effect);
    return decided.state;
  }

  private async carryOut(room: LiveRoom, effect: RoomEffect): Promise<void> {
    const id = room.appointmentId;
    switch (effect.type) {
      case 'admission_changed':
        return;
      case 'taken_over':
        this.broadcast.detach(effect.peer.socketId, id);
        this.broadcast.toSocket(effect.peer.socketId, CallEvent.takenOver, {});
        return;
      case 'peer_gone':
        await this.closePeerMedia(room, effect.peer);
        this.announceGone(room, effect.peer, 'left');
        return;
      case 'admitted':
        this.broadcast.setAdmitted(effect.peer.socketId, id, true);
        this.broadcast.toSocket(effect.peer.socketId, CallEvent.admitted, {
          peers: visiblePeers(room.state, effect.peer.peerId).map((p) => room.info(p)),
        });
        this.announce(room, effect.peer, CallEvent.peerUpdated);
        return;
      case 'returned_to_lobby': {
        this.broadcast.setAdmitted(effect.peer.socketId, id, false);
        // Told here, since this node forgets the streams before the media worker's notices arrive.
        const producers = room.mediaOf(effect.peer.peerId).producers;
        for (const producerId of producers.keys()) this.broadcast.toAdmitted(id, null, CallEvent.producerClosed, { producerId });
        producers.clear();
        await this.media.request(MediaCommand.stopPeerMedia, { roomId: id, peerId: effect.peer.peerId }).catch((err: unknown) => {
          this.log.warn({ err, appointmentId: id }, 'returnToLobby() media stop failed');
        });
        this.broadcast.toSocket(effect.peer.socketId, CallEvent.returnedToLobby, { lobby: await this.lobbyInfo(room) });
        this.announce(room, effect.peer, CallEvent.peerUpdated);
        return;
      }
      case 'devices_changed':
        this.announce(room, effect.peer, CallEvent.peerUpdated);
        return;
      case 'mode_changed':
        this.broadcast.toCall(id, null, CallEvent.modeChanged, { mode: effect.mode });
        return;
    }
  }

  /** Tells whoever may see `peer` that it joined or changed: the admitted peers, or only the clerk while it waits. */
  private announce(room: LiveRoom, peer: RoomPeer, event: typeof CallEvent.peerJoined | typeof CallEvent.peerUpdated): void {
    const info = room.info(peer);
    for (const viewer of room.state.peers) {
      if (viewer !== peer && visiblePeers(room.state, viewer.peerId).includes(peer)) this.broadcast.toSocket(viewer.socketId, event, info);
    }
  }

  private announceGone(room: LiveRoom, peer: RoomPeer, reason: 'left' | 'connection_lost'): void {
    for (const viewer of room.state.peers) {
      if (viewer.stage === 'admitted' && (peer.stage === 'admitted' || viewer.role === 'clerk')) {
        this.broadcast.toSocket(viewer.socketId, CallEvent.peerLeft, { peerId: peer.peerId, reason });
      }
    }
  }

  private async closePeerMedia(room: LiveRoom, peer: RoomPeer): Promise<void> {
    room.media.delete(peer.peerId);
    if (room.state.mode === 'chat') return;
    await this.media.request(MediaCommand.closePeer, { roomId: room.appointmentId, peerId: peer.peerId }).catch((err: unknown) => {
      this.log.warn({ err, appointmentId: room.appointmentId }, 'closePeerMedia() failed');
    });
  }

  async createTransport(m: Membership, req: CreateTransportRequest): Promise<TransportOptions> {
    const room = this.assertMay(m, 'open_transport');
    const options = await this.media.request(MediaCommand.createTransport, { roomId: m.appointmentId, peerId: m.peerId, ...req });
    room.mediaOf(m.peerId).transports[req.direction] = options.id;
    return options;
  }

  async connectTransport(m: Membership, req: ConnectTransportRequest): Promise<null> {
    this.assertMay(m, 'open_transport');
    await this.media.request(MediaCommand.connectTransport, { roomId: m.appointmentId, peerId: m.peerId, ...req });
    return null;
  }

  async restartIce(m: Membership, transportId: string): Promise<{ iceParameters: Record<string, unknown> }> {
    this.assertMay(m, 'open_transport');
    return this.media.request(MediaCommand.restartIce, { roomId: m.appointmentId, peerId: m.peerId, transportId });
  }

  async produce(m: Membership, req: ProduceRequest): Promise<{ producerId: string }> {
    const room = this.assertMay(m, 'produce');
    const { producerId } = await this.media.request(MediaCommand.produce, { roomId: m.appointmentId, peerId: m.peerId, ...req });
    // Sent back to the lobby while the worker was producing: the stream must not outlive the decision.
    if (!roomMay(room.state, m.peerId, 'produce')) {
      await this.media.request(MediaCommand.stopPeerMedia, { roomId: m.appointmentId, peerId: m.peerId });
      throw new AppError('forbidden', 'Wait until the clerk lets you in.');
    }
    room.mediaOf(m.peerId).producers.set(producerId, { kind: req.kind, paused: false });
    const socketId = room.peer(m.peerId)!.socketId;
    this.broadcast.toAdmitted(m.appointmentId, socketId, CallEvent.newProducer, {
      peerId: m.peerId,
      producerId,
      kind: req.kind,
      paused: false,
    });
    return { producerId };
  }

  async consume(m: Membership, req: ConsumeRequest): Promise<ConsumerOptions> {
    const room = this.liveRoom(m);
    if (!room.media.get(m.peerId)?.transports.recv) throw new AppError('not_in_call', 'Open a receiving transport first.');
    const owner = room.ownerOf(req.producerId);
    if (!owner || owner === m.peerId) throw new AppError('not_found', 'That stream is not in this call.');
    this.assertMay(m, 'consume', owner);
    return this.media.request(MediaCommand.consume, { roomId: m.appointmentId, peerId: m.peerId, ...req });
  }

  async resumeConsumer(m: Membership, consumerId: string): Promise<null> {
    this.assertMay(m, 'produce');
    await this.media.request(MediaCommand.resumeConsumer, { roomId: m.appointmentId, peerId: m.peerId, consumerId });
    return null;
  }

  async setConsumerLayers(m: Membership, req: SetConsumerLayersRequest): Promise<null> {
    this.assertMay(m, 'produce');
    await this.media.request(MediaCommand.setConsumerLayers, { roomId: m.appointmentId, peerId: m.peerId, ...req });
    return null;
  }

  async setProducerPaused(m: Membership, req: SetProducerPausedRequest): Promise<null> {
    const room = this.assertMay(m, 'produce');
    const producer = room.media.get(m.peerId)?.producers.get(req.producerId);
    if (!producer) throw new AppError('not_found', 'That stream is not yours.');
    await this.media.request(MediaCommand.setProducerPaused, { roomId: m.appointmentId, peerId: m.peerId, ...req });
    producer.paused = req.paused;
    const socketId = room.peer(m.peerId)!.socketId;
    this.broadcast.toAdmitted(m.appointmentId, socketId, CallEvent.producerPaused, { producerId: req.producerId, paused: req.paused });
    return null;
  }

  /** A chat message, kept with the appointment and sent to everyone in the call, the lobby included. */
  async chat(m: Membership, principal: Principal, text: string): Promise<ChatMessage> {
    this.assertMay(m, 'chat');
    const message = await this.repo.addMessage(
      m.appointmentId,
      { role: m.role, name: principal.name, staffId: principal.kind === 'staff' ? principal.userId : null },
      text,
    );
    this.broadcast.toCall(m.appointmentId, null, CallEvent.chatMessage, message);
    return message;
  }

  /** Idempotent: leaving twice, after being replaced, or after the room is gone does nothing. */
  async leave(m: Membership, reason: 'left' | 'connection_lost' | 'rejoin', actor?: Actor): Promise<void> {
    const room = this.rooms.get(m.appointmentId);
    if (!room) return;
    const gone = await room.serial(async () => {
      const peer = room.peer(m.peerId);
      if (!peer) return null;
      const decided = roomReduce(room.state, { type: 'leave', peerId: m.peerId });
      if (!decided.ok) return null;
      room.state = decided.state;
      this.announceGone(room, peer, reason === 'connection_lost' ? 'connection_lost' : 'left');
      this.broadcast.detach(peer.socketId, m.appointmentId);
      // The last one out closes the whole room, which closes their transports with it.
      if (room.empty) {
        this.rooms.delete(m.appointmentId);
        if (room.state.mode === 'chat') return peer;
        await this.media.request(MediaCommand.closeRoom, { roomId: m.appointmentId }).catch((err: unknown) => {
          this.log.warn({ err, appointmentId: m.appointmentId }, 'leave() media close failed');
        });
      } else {
        await this.closePeerMedia(room, peer);
      }
      return peer;
    });
    if (!gone) return;
    this.log.info({ appointmentId: m.appointmentId, peerId: m.peerId, reason }, 'leave()');
    if (reason !== 'rejoin')
      await this.updatePresence(room, actor ?? { kind: m.role === 'citizen' ? 'citizen' : 'system', name: gone.name });
    if (m.role === 'clerk') void this.refreshLobbies(room.appointment.officeId);
  }

  /** A producer closed inside the media worker (its transport died, say). */
  onProducerClosed(roomId: string, producerId: string): void {
    const room = this.rooms.get(roomId);
    const owner = room?.ownerOf(producerId);
    if (!room || !owner) return;
    room.media.get(owner)!.producers.delete(producerId);
    this.broadcast.toAdmitted(roomId, null, CallEvent.producerClosed, { producerId });
  }

  /**
   * The media worker lost a room (its mediasoup worker died): forget this node's view of it and tell
   * the browsers to join again, which builds the room afresh on a live worker. Who was admitted is
   * in PostgreSQL and survives this.
   */
  onRoomClosed(roomId: string): void {
    if (!this.rooms.delete(roomId)) return;
    this.log.warn({ appointmentId: roomId }, 'onRoomClosed() asking the call to rejoin');
    this.broadcast.toCall(roomId, null, CallEvent.restart, { reason: 'media_restarted' });
  }

  /**
   * The channel to the media worker dropped (its process died): every call here must rejoin, but a
   * join before the worker is back would only fail and back off. So the calls are told once the
   * channel is up again (`onMediaBack`), or after MEDIA_BACK_WAIT_MS whatever happens, and then
   * retry by themselves.
   */
  onMediaLost(): void {
    for (const roomId of [...this.rooms.keys()]) {
      this.rooms.delete(roomId);
      this.lostRooms.add(roomId);
    }
    this.log.warn({ rooms: this.lostRooms.size }, 'onMediaLost() calls rejoin once the media worker is back');
    clearTimeout(this.lostRoomsTimer);
    this.lostRoomsTimer = setTimeout(() => this.onMediaBack(), MEDIA_BACK_WAIT_MS);
    this.lostRoomsTimer.unref();
  }

  /** The media worker answers again: the calls it lost join afresh. */
  onMediaBack(): void {
    clearTimeout(this.lostRoomsTimer);
    for (const roomId of this.lostRooms) this.broadcast.toCall(roomId, null, CallEvent.restart, { reason: 'media_restarted' });
    this.lostRooms.clear();
  }

  /** Tells the citizens waiting in this node's lobbies of an office (all offices when none) where their clerk is. */
  async refreshLobbies(officeId?: string): Promise<void> {
    const rooms = [...this.rooms.values()].filter((r) => !officeId || r.appointment.officeId === officeId);
    await Promise.all(rooms.map((room) => this.refreshLobby(room)));
  }

  private async refreshLobby(room: LiveRoom): Promise<void> {
    const waiting = room.state.peers.filter((p) => p.stage === 'lobby');
    if (waiting.length === 0) return;
    try {
      const lobby = await this.lobbyInfo(room);
      for (const peer of waiting) this.broadcast.toSocket(peer.socketId, CallEvent.lobby, lobby);
    } catch (err) {
      this.log.warn({ err, appointmentId: room.appointmentId }, 'refreshLobby() failed');
    }
  }

  /**
   * What a waiting citizen sees: whether the clerk is on line, busy or away, and the clerk's own
   * message. While nobody is assigned, any clerk of the office may take the call: then it is "away"
   * only when every free clerk is, and the message is that of the first free clerk who wrote one.
   */
  private async lobbyInfo(room: LiveRoom): Promise<LobbyInfo> {
    const { officeId, clerkId, clerkName } = room.appointment;
    const { presence, free } = await this.clerks.presence(officeId, clerkId, room.appointmentId);
    const settings = await this.repo.lobbySettings(clerkId ? [clerkId] : free);
    const mine = clerkId ? [settings.get(clerkId)] : free.map((id) => settings.get(id));
    const away = presence === 'online' && mine.length > 0 && mine.every((s) => s?.away);
    return {
      message: mine.find((s) => s?.message)?.message ?? null,
      clerk: { name: clerkName, presence: away ? 'away' : presence },
    };
  }

  /** The media transports of the peer of `role` in a call on this node, for operations and tests. */
  async transportsFor(appointmentId: string, role: 'citizen' | 'clerk'): Promise<{ peerId: string; ids: string[] }> {
    const room = this.rooms.get(appointmentId);
    const peer = room?.byRole(role);
    if (!room || !peer) throw new AppError('not_in_call', 'Nobody of that role is in this call.');
    const { send, recv } = room.media.get(peer.peerId)?.transports ?? {};
    return { peerId: peer.peerId, ids: [send, recv].filter((id): id is string => id !== undefined) };
  }

  get activeRooms(): number {
    return this.rooms.size;
  }

  /** The appointment's status follows who is in its call, read under the appointment's lock. */
  private async updatePresence(room: LiveRoom, actor: Actor): Promise<void> {
    await this.appointments
      .presence(room.appointmentId, actor, () => roomPresence(room.state))
      .catch((err: unknown) => this.log.warn({ err, appointmentId: room.appointmentId }, 'updatePresence() failed'));
  }

  /** The appointment closed: everyone in its call is told, and the call's media goes. */
  private async endCall(appointmentId: string, status: AppointmentStatus): Promise<void> {
    const room = this.rooms.get(appointmentId);
    if (!room) return;
    this.broadcast.toCall(appointmentId, null, CallEvent.ended, { status });
    this.rooms.delete(appointmentId);
    this.log.info({ appointmentId, status }, 'endCall()');
    if (room.state.mode === 'chat') return;
    await this.media.request(MediaCommand.closeRoom, { roomId: appointmentId }).catch((err: unknown) => {
      this.log.warn({ err, appointmentId }, 'endCall() media close failed');
    });
  }

  /** The room of an appointment, opened with its stored admission if this node has none yet. */
  private async room(appt: AppointmentRow): Promise<LiveRoom> {
    const existing = this.rooms.get(appt.id);
    if (existing) return existing;
    let opening = this.opening.get(appt.id);
    if (!opening) {
      // A chat never had a room in the media worker.
      const leftover = appt.call_mode === 'chat' ? Promise.resolve() : this.dropLeftoverMedia(appt.id);
      opening = Promise.all([this.repo.admitted(appt.id), leftover])
        .then(([admitted]) => {
          const room = this.rooms.get(appt.id) ?? new LiveRoom(appt.id, roomAppointment(appt), admitted, appt.call_mode);
          this.rooms.set(appt.id, room);
          return room;
        })
        .finally(() => this.opening.delete(appt.id));
      this.opening.set(appt.id, opening);
    }
    return opening;
  }

  /**
   * A room this node opens afresh may still exist in the media worker, made by this node's previous
   * run (a restart mid-call): its peers are ghosts that nobody will close, and would fill the room.
   * Each appointment's signalling has one owner node (see the operations issue), so they are this
   * node's to drop. The browsers rejoining get new peers anyway.
   */
  private async dropLeftoverMedia(roomId: string): Promise<void> {
    await this.media.request(MediaCommand.closeRoom, { roomId }).catch((err: unknown) => {
      this.log.warn({ err, appointmentId: roomId }, 'dropLeftoverMedia() failed');
    });
  }

  private liveRoom(m: Membership): LiveRoom {
    const room = this.rooms.get(m.appointmentId);
    if (!room?.peer(m.peerId)) throw new AppError('not_in_call', 'Join the call first.');
    return room;
  }

  /** The room, if this peer may do `action` in it now; `forbidden` while it waits in the lobby, or in a chat. */
  private assertMay(m: Membership, action: Parameters<typeof roomMay>[2], from?: string): LiveRoom {
    const room = this.liveRoom(m);
    if (roomMay(room.state, m.peerId, action, from)) return room;
    if (room.state.mode === 'chat')
      throw new AppError('forbidden', 'This is a chat: no camera or microphone unless the clerk turns it into a video call.');
    throw new AppError('forbidden', 'Wait until the clerk lets you in.');
  }
}

function roomAppointment(row: AppointmentRow) {
  return { officeId: row.office_id, clerkId: row.clerk_id, clerkName: row.clerk_name };
}
