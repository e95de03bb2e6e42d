import type { MediaKind, PeerInfo, PeerRole } from '@oac/shared';

export interface CallPeer {
  peerId: string;
  socketId: string;
  role: PeerRole;
  name: string;
  producers: Map<string, { kind: MediaKind; paused: boolean }>;
  transports: { send?: string; recv?: string };
}

/** This node's view of one appointment's call: who is in it and what each sends. */
export class CallRoom {
  readonly peers = new Map<string, CallPeer>();

  constructor(readonly appointmentId: string) {}

  add(peer: CallPeer): void {
    this.peers.set(peer.peerId, peer);
  }

  remove(peerId: string): CallPeer | undefined {
    const peer = this.peers.get(peerId);
    this.peers.delete(peerId);
    return peer;
  }

  /** The peer already in the call with this role, which a new join of the same role replaces. */
  byRole(role: PeerRole): CallPeer | undefined {
    for (const p of this.peers.values()) if (p.role === role) return p;
    return undefined;
  }

  findProducer(producerId: string): CallPeer | undefined {
    for (const p of this.peers.values()) if (p.producers.has(producerId)) return p;
    return undefined;
  }

  get empty(): boolean {
    return this.peers.size === 0;
  }

  describe(except?: string): PeerInfo[] {
    return [...this.peers.values()]
      .filter((p) => p.peerId !== except)
      .map((p) => ({
        peerId: p.peerId,
        role: p.role,
        name: p.name,
        producers: [...p.producers].map(([producerId, v]) => ({ producerId, kind: v.kind, paused: v.paused })),
      }));
  }
}
