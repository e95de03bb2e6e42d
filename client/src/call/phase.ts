import type { FailureCode } from '../api/failure';

/*
 * The call's phase as the page says it, derived from what is really known: the socket, where the
 * server put us (lobby or call), the state ICE and DTLS report for our transports, and the other
 * party's presence. A pure function, so that the page never says "connected" while nothing flows
 * (issue 13), with an exhaustive unit test (phase.test.ts).
 */
export type CallPhase =
  /** Reaching the server, joining, or waiting for ICE and DTLS with the other party there. */
  | 'connecting'
  /** Waiting for the clerk to let us in. */
  | 'lobby'
  /** In the call, and nobody else is yet. */
  | 'waiting'
  /** In the call with the other party, our transports connected. */
  | 'connected'
  /** The other party's connection dropped: they are coming back, the picture is not frozen. */
  | 'peer_reconnecting'
  /** Our own connection dropped or failed, and we are bringing it back. */
  | 'reconnecting'
  /** Another window or device of ours took the call. */
  | 'taken_over'
  | 'failed'
  | 'left'
  | 'ended';

/** A transport's connection as mediasoup-client reports it (ICE and DTLS together). */
export type TransportConnection = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface PhaseInputs {
  /** We left, or the appointment ended: nothing comes after. */
  closed: 'left' | 'ended' | null;
  /** A final failure (a refusal, or giving up after the retries). */
  failure: FailureCode | null;
  takenOver: boolean;
  socketConnected: boolean;
  /** Where the server put us at the last join; null before or between joins. */
  joined: 'lobby' | 'admitted' | null;
  /** Whether a join ever succeeded: a drop after it is a reconnect, not a first connect. */
  everJoined: boolean;
  /** Waiting to try again after a failure that passes. */
  retrying: boolean;
  /** Our open transports' connections. */
  transports: TransportConnection[];
  /** The other parties in the call with us. */
  peers: number;
  /** A party whose connection dropped has not come back yet. */
  peerReconnecting: boolean;
  /** Chat help (issue 15): no media, so no transport to wait for. */
  chat: boolean;
}

const WORST_FIRST: TransportConnection[] = ['failed', 'disconnected', 'closed', 'new', 'connecting', 'connected'];

/** The worst of several transports' connections: one broken transport breaks the call. */
export function worstConnection(states: TransportConnection[]): TransportConnection | null {
  for (const state of WORST_FIRST) if (states.includes(state)) return state;
  return null;
}

export function callPhase(i: PhaseInputs): CallPhase {
  if (i.closed) return i.closed;
  if (i.failure) return 'failed';
  if (i.takenOver) return 'taken_over';
  const back = i.everJoined ? 'reconnecting' : 'connecting';
  if (i.retrying || !i.socketConnected || i.joined === null) return back;
  if (i.joined === 'lobby') return 'lobby';
  // A transport that never started has nothing to carry (no camera, say): it does not count. A
  // chat has none: joined with the other party, it is connected.
  const transport = i.chat ? 'connected' : worstConnection(i.transports.filter((t) => t !== 'new'));
  if (transport === 'failed' || transport === 'disconnected' || transport === 'closed') return 'reconnecting';
  if (i.peers === 0) return i.peerReconnecting ? 'peer_reconnecting' : 'waiting';
  if (transport !== 'connected') return 'connecting';
  return i.peerReconnecting ? 'peer_reconnecting' : 'connected';
}
