import {
  AppError,
  CallEvent,
  citizenMayJoin,
  isClosed,
  MediaCommand,
  type AppointmentStatus,
  type CallBroadcastName,
  type CallBroadcastOf,
  type ConsumeRequest,
  type ConnectTransportRequest,
  type ConsumerOptions,
  type CreateTransportRequest,
  type JoinResult,
  type MediaCommandName,
  type MediaCommandPayload,
  type MediaCommandResult,
  type Principal,
  type ProduceRequest,
  type SetProducerPausedRequest,
  type TransportOptions,
} from '@oac/shared';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { assertAppointmentAccess } from '../appointments/access';
import type { AppointmentService } from '../appointments/service';
import { actorOf, type Actor } from '../audit/audit';
import { CallRoom, type CallPeer } from './call-room';

/** The part of the media channel the calls domain needs. */
export interface MediaApi {
  request<K extends MediaCommandName>(command: K, payload: MediaCommandPayload<K>): Promise<MediaCommandResult<K>>;
}

/** Where the calls domain tells the sockets what happened; implemented over socket.io rooms. */
export interface CallBroadcast {
  toRoom<E extends CallBroadcastName>(appointmentId: string, exceptSocketId: string | null, event: E, payload: CallBroadcastOf<E>): void;
  disconnect(socketId: string): void;
}

export interface Membership {
  appointmentId: string;
  peerId: string;
  role: 'citizen' | 'clerk';
}

export class CallService {
  private readonly rooms = new Map<string, CallRoom>();

  constructor(
    private readonly appointments: AppointmentService,
    private readonly media: MediaApi,
    private readonly broadcast: CallBroadcast,
    private readonly log: Logger,
  ) {
    // An appointment that closes (the clerk ended it, the citizen cancelled) ends its call for everyone in it.
    appointments.on('changed', (row) => {
      if (isClosed(row.status)) void this.endCall(row.id, row.status);
    });
  }

  /**
   * Admits the appointment's citizen or a clerk who may take it; anybody else gets a refusal and no
   * media. The citizen comes in from the join window before the start until its end, or whenever
   * the clerk is already there; nobody comes into a closed appointment.
   */
  async join(principal: Principal, socketId: string, appointmentId: string): Promise<{ membership: Membership; result: JoinResult }> {
    const appt = assertAppointmentAccess(principal, await this.appointments.find(appointmentId), 'join_call');
    const role = principal.kind === 'citizen' ? 'citizen' : 'clerk';
    const clerkPresent = this.rooms.get(appointmentId)?.byRole('clerk') !== undefined;
    const times = { now: new Date(), startsAt: appt.starts_at, endsAt: appt.ends_at };
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
    // A second tab or device of the same party takes over; the same socket joining again just rejoins.
    // This comes first: leaving may close an emptied room, which the lines below then open afresh.
    const previous = this.rooms.get(appointmentId)?.byRole(role);
    if (previous) {
      await this.leave({ appointmentId, peerId: previous.peerId, role }, previous.socketId === socketId ? 'rejoin' : 'replaced');
    }
    const { rtpCapabilities } = await this.media.request(MediaCommand.ensureRoom, { roomId: appointmentId });
    const room = this.rooms.get(appointmentId) ?? new CallRoom(appointmentId);
    this.rooms.set(appointmentId, room);
    const peer: CallPeer = { peerId: randomUUID(), socketId, role, name: principal.name, producers: new Map(), transports: {} };
    room.add(peer);
    this.broadcast.toRoom(appointmentId, socketId, CallEvent.peerJoined, { peerId: peer.peerId, role, name: peer.name, producers: [] });
    await this.updatePresence(appointmentId, actorOf(principal));
    this.log.info({ appointmentId, peerId: peer.peerId, role }, 'join()');
    return {
      membership: { appointmentId, peerId: peer.peerId, role },
      result: { peerId: peer.peerId, role, routerRtpCapabilities: rtpCapabilities, peers: room.describe(peer.peerId) },
    };
  }

  /** The appointment's status follows who is in its call, read under the appointment's lock. */
  private async updatePresence(appointmentId: string, actor: Actor): Promise<void> {
    await this.appointments
      .presence(appointmentId, actor, () => {
        const room = this.rooms.get(appointmentId);
        return { citizen: room?.byRole('citizen') !== undefined, clerk: room?.byRole('clerk') !== undefined };
      })
      .catch((err: unknown) => this.log.warn({ err, appointmentId }, 'updatePresence() failed'));
  }

  /** The appointment closed: everyone in its call is told, and the call's media goes. */
  private async endCall(appointmentId: string, status: AppointmentStatus): Promise<void> {
    const room = this.rooms.get(appointmentId);
    if (!room) return;
    this.broadcast.toRoom(appointmentId, null, CallEvent.ended, { status });
    this.rooms.delete(appointmentId);
    this.log.info({ appointmentId, status }, 'endCall()');
    await this.media.request(MediaCommand.closeRoom, { roomId: appointmentId }).catch((err: unknown) => {
      this.log.warn({ err, appointmentId }, 'endCall() media close failed');
    });
  }

  async createTransport(m: Membership, req: CreateTransportRequest): Promise<TransportOptions> {
    const peer = this.peer(m);
    const options = await this.media.request(MediaCommand.createTransport, {
      roomId: m.appointmentId,
      peerId: m.peerId,
      direction: req.direction,
    });
    peer.transports[req.direction] = options.id;
    return options;
  }

  async connectTransport(m: Membership, req: ConnectTransportRequest): Promise<null> {
    this.peer(m);
    await this.media.request(MediaCommand.connectTransport, { roomId: m.appointmentId, peerId: m.peerId, ...req });
    return null;
  }

  async produce(m: Membership, req: ProduceRequest): Promise<{ producerId: string }> {
    const peer = this.peer(m);
    const { producerId } = await this.media.request(MediaCommand.produce, { roomId: m.appointmentId, peerId: m.peerId, ...req });
    peer.producers.set(producerId, { kind: req.kind, paused: false });
    this.broadcast.toRoom(m.appointmentId, peer.socketId, CallEvent.newProducer, {
      peerId: m.peerId,
      producerId,
      kind: req.kind,
      paused: false,
    });
    return { producerId };
  }

  async consume(m: Membership, req: ConsumeRequest): Promise<ConsumerOptions> {
    const peer = this.peer(m);
    if (!peer.transports.recv) throw new AppError('not_in_call', 'Open a receiving transport first.');
    const owner = this.room(m.appointmentId).findProducer(req.producerId);
    if (!owner || owner.peerId === m.peerId) throw new AppError('not_found', 'That stream is not in this call.');
    return this.media.request(MediaCommand.consume, {
      roomId: m.appointmentId,
      peerId: m.peerId,
      producerId: req.producerId,
      rtpCapabilities: req.rtpCapabilities,
    });
  }

  async resumeConsumer(m: Membership, consumerId: string): Promise<null> {
    this.peer(m);
    await this.media.request(MediaCommand.resumeConsumer, { roomId: m.appointmentId, peerId: m.peerId, consumerId });
    return null;
  }

  async setProducerPaused(m: Membership, req: SetProducerPausedRequest): Promise<null> {
    const peer = this.peer(m);
    const producer = peer.producers.get(req.producerId);
    if (!producer) throw new AppError('not_found', 'That stream is not yours.');
    await this.media.request(MediaCommand.setProducerPaused, { roomId: m.appointmentId, peerId: m.peerId, ...req });
    producer.paused = req.paused;
    this.broadcast.toRoom(m.appointmentId, peer.socketId, CallEvent.producerPaused, { producerId: req.producerId, paused: req.paused });
    return null;
  }

  /** Idempotent: leaving twice, or after the room is gone, does nothing. */
  async leave(m: Membership, reason: string, actor?: Actor): Promise<void> {
    const room = this.rooms.get(m.appointmentId);
    const peer = room?.remove(m.peerId);
    if (!room || !peer) return;
    this.log.info({ appointmentId: m.appointmentId, peerId: m.peerId, reason }, 'leave()');
    this.broadcast.toRoom(m.appointmentId, null, CallEvent.peerLeft, { peerId: m.peerId });
    if (reason === 'replaced') this.broadcast.disconnect(peer.socketId);
    // The last one out closes the whole room, which closes their transports with it.
    const close = room.empty
      ? this.media.request(MediaCommand.closeRoom, { roomId: m.appointmentId })
      : this.media.request(MediaCommand.closePeer, { roomId: m.appointmentId, peerId: m.peerId });
    if (room.empty) this.rooms.delete(m.appointmentId);
    await close.catch((err: unknown) => this.log.warn({ err, appointmentId: m.appointmentId }, 'leave() media close failed'));
    // A replaced peer's successor updates the presence itself, a moment later.
    if (reason !== 'replaced' && reason !== 'rejoin') {
      await this.updatePresence(m.appointmentId, actor ?? { kind: m.role === 'citizen' ? 'citizen' : 'system', name: peer.name });
    }
  }

  /** A producer closed inside the media worker (its transport died, say). */
  onProducerClosed(roomId: string, producerId: string): void {
    const owner = this.rooms.get(roomId)?.findProducer(producerId);
    if (!owner) return;
    owner.producers.delete(producerId);
    this.broadcast.toRoom(roomId, null, CallEvent.producerClosed, { producerId });
  }

  /**
   * The media worker lost a room (its mediasoup worker died): forget our state and tell the
   * browsers to join again, which builds the room afresh on a live worker.
   */
  onRoomClosed(roomId: string): void {
    if (!this.rooms.delete(roomId)) return;
    this.log.warn({ appointmentId: roomId }, 'onRoomClosed() asking the call to rejoin');
    this.broadcast.toRoom(roomId, null, CallEvent.restart, { reason: 'media_restarted' });
  }

  /** The channel to the media worker dropped (its process died): every call here must rejoin. */
  onMediaLost(): void {
    for (const roomId of [...this.rooms.keys()]) this.onRoomClosed(roomId);
  }

  get activeRooms(): number {
    return this.rooms.size;
  }

  private room(appointmentId: string): CallRoom {
    const room = this.rooms.get(appointmentId);
    if (!room) throw new AppError('not_in_call', 'Join the call first.');
    return room;
  }

  private peer(m: Membership): CallPeer {
    const peer = this.room(m.appointmentId).peers.get(m.peerId);
    if (!peer) throw new AppError('not_in_call', 'Join the call first.');
    return peer;
  }
}
