import type { CallMode, MediaKind, PeerInfo, PeerRole } from '@oac/shared';
import { EMPTY_ROOM, type RoomPeer, type RoomState } from './room-state';

/** What one peer has open in the media worker. */
export interface PeerMedia {
  producers: Map<string, { kind: MediaKind; paused: boolean }>;
  transports: { send?: string; recv?: string };
}

/** What the room needs to know of its appointment: whom the lobby shows, and where its agenda is. */
export interface RoomAppointment {
  officeId: string;
  clerkId: string | null;
  clerkName: string | null;
}

/**
 * This node's live view of one appointment's call: the pure room state (room-state.ts), what each
 * peer has open in the media worker, and a queue that runs the room's commands one at a time, so
 * that every command sees the state the previous one left.
 */
export class LiveRoom {
  state: RoomState;
  readonly media = new Map<string, PeerMedia>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly appointmentId: string,
    public appointment: RoomAppointment,
    citizenAdmitted: boolean,
    mode: CallMode = 'video',
  ) {
    this.state = { ...EMPTY_ROOM, citizenAdmitted, mode };
  }

  serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  peer(peerId: string): RoomPeer | undefined {
    return this.state.peers.find((p) => p.peerId === peerId);
  }

  byRole(role: PeerRole): RoomPeer | undefined {
    return this.state.peers.find((p) => p.role === role);
  }

  mediaOf(peerId: string): PeerMedia {
    let media = this.media.get(peerId);
    if (!media) {
      media = { producers: new Map(), transports: {} };
      this.media.set(peerId, media);
    }
    return media;
  }

  ownerOf(producerId: string): string | undefined {
    for (const [peerId, media] of this.media) if (media.producers.has(producerId)) return peerId;
    return undefined;
  }

  get empty(): boolean {
    return this.state.peers.length === 0;
  }

  info(peer: RoomPeer): PeerInfo {
    const producers = [...(this.media.get(peer.peerId)?.producers ?? [])].map(([producerId, v]) => ({ producerId, ...v }));
    return {
      peerId: peer.peerId,
      role: peer.role,
      name: peer.name,
      stage: peer.stage,
      since: new Date(peer.since).toISOString(),
      devices: peer.devices,
      producers,
    };
  }
}
