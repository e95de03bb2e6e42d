import type { CallMode, DeviceStatus, PeerRole, PeerStage } from '@oac/shared';

/*
 * One appointment's call as a pure state machine: who is in it, who has been admitted, and what
 * each may do. The I/O around it (sockets, the media worker, PostgreSQL) only applies the effects
 * it returns, so the rules have one home and an exhaustive test (room-state.test.ts), and the
 * state is plain data that a shared store can hold when several nodes serve one call.
 */

export interface RoomPeer {
  peerId: string;
  socketId: string;
  role: PeerRole;
  name: string;
  stage: PeerStage;
  devices: { audio: DeviceStatus; video: DeviceStatus };
  /** Since when the peer has been in its current stage (epoch ms): the clerk sees who waits since when. */
  since: number;
}

export interface RoomState {
  peers: RoomPeer[];
  /**
   * The clerk's decision, which outlives any one connection: an admitted citizen who reconnects,
   * or comes back after a server restart, is admitted again without waiting (kept in PostgreSQL).
   */
  citizenAdmitted: boolean;
  /**
   * `chat`: chat help (issue 15). No camera, microphone or transport: the text chat only. The
   * clerk accepted the citizen from the line, so the citizen comes straight in, with no lobby.
   * Only the clerk turns it into video, once; the citizen is then admitted to the video call.
   */
  mode: CallMode;
}

export const EMPTY_ROOM: RoomState = { peers: [], citizenAdmitted: false, mode: 'video' };

export type RoomCommand =
  | { type: 'join'; peer: Omit<RoomPeer, 'stage' | 'since'>; now: number }
  | { type: 'admit'; by: string; target: string; now: number }
  | { type: 'return_to_lobby'; by: string; target: string; now: number }
  | { type: 'set_devices'; peerId: string; devices: RoomPeer['devices'] }
  | { type: 'switch_to_video'; by: string }
  | { type: 'leave'; peerId: string };

/** What the I/O must do after a command, in order. */
export type RoomEffect =
  /** An earlier peer of the same role, on another socket, was replaced by this join: tell that socket. */
  | { type: 'taken_over'; peer: RoomPeer }
  /** A peer left the room (or was replaced): close its media. */
  | { type: 'peer_gone'; peer: RoomPeer }
  /** The citizen may now send and receive: tell them and the admitted peers. */
  | { type: 'admitted'; peer: RoomPeer }
  /** The citizen goes back to wait: their media stops, and the clerk sees them waiting again. */
  | { type: 'returned_to_lobby'; peer: RoomPeer }
  /** The clerk's decision changed: store it. */
  | { type: 'admission_changed'; admitted: boolean }
  /** Chat help became a video call: store it, and tell everyone to join again with their media. */
  | { type: 'mode_changed'; mode: CallMode }
  | { type: 'devices_changed'; peer: RoomPeer };

export type RoomRefusal = 'not_in_call' | 'forbidden' | 'not_found' | 'invalid_transition';

export type RoomResult = { ok: true; state: RoomState; effects: RoomEffect[] } | { ok: false; code: RoomRefusal; message: string };

const refuse = (code: RoomRefusal, message: string): RoomResult => ({ ok: false, code, message });

export function roomReduce(state: RoomState, command: RoomCommand): RoomResult {
  switch (command.type) {
    case 'join':
      return join(state, command.peer, command.now);
    case 'admit':
    case 'return_to_lobby':
      return decideAdmission(state, command);
    case 'switch_to_video':
      return switchToVideo(state, command.by);
    case 'set_devices': {
      const peer = state.peers.find((p) => p.peerId === command.peerId);
      if (!peer) return refuse('not_in_call', 'Join the call first.');
      const changed = { ...peer, devices: command.devices };
      return { ok: true, state: replacePeer(state, changed), effects: [{ type: 'devices_changed', peer: changed }] };
    }
    case 'leave': {
      const peer = state.peers.find((p) => p.peerId === command.peerId);
      // Leaving twice, or after being replaced, changes nothing.
      if (!peer) return { ok: true, state, effects: [] };
      return { ok: true, state: { ...state, peers: state.peers.filter((p) => p !== peer) }, effects: [{ type: 'peer_gone', peer }] };
    }
  }
}

/**
 * A clerk comes in admitted; a citizen waits in the lobby unless the clerk admitted them before.
 * A second window or device of the same party takes over from the first (one citizen and one clerk
 * per call); the same socket joining again simply rejoins.
 */
function join(state: RoomState, incoming: Omit<RoomPeer, 'stage' | 'since'>, now: number): RoomResult {
  const effects: RoomEffect[] = [];
  const previous = state.peers.find((p) => p.role === incoming.role);
  if (previous) effects.push(...(previous.socketId === incoming.socketId ? [] : [{ type: 'taken_over' as const, peer: previous }]));
  if (previous) effects.push({ type: 'peer_gone', peer: previous });
  const stage: PeerStage = incoming.role === 'clerk' || state.citizenAdmitted || state.mode === 'chat' ? 'admitted' : 'lobby';
  const peer: RoomPeer = { ...incoming, stage, since: now };
  return { ok: true, state: { ...state, peers: [...state.peers.filter((p) => p !== previous), peer] }, effects };
}

function decideAdmission(state: RoomState, command: Extract<RoomCommand, { type: 'admit' | 'return_to_lobby' }>): RoomResult {
  const by = state.peers.find((p) => p.peerId === command.by);
  if (!by) return refuse('not_in_call', 'Join the call first.');
  if (by.role !== 'clerk') return refuse('forbidden', 'Only the clerk admits people to the call.');
  if (state.mode === 'chat') return refuse('invalid_transition', 'A chat has no waiting room.');
  const target = state.peers.find((p) => p.peerId === command.target);
  if (!target || target.role !== 'citizen') return refuse('not_found', 'That person is not waiting in this call.');
  const admit = command.type === 'admit';
  if ((target.stage === 'admitted') === admit) {
    return refuse('invalid_transition', admit ? 'That person is already in the call.' : 'That person is already waiting.');
  }
  const moved: RoomPeer = { ...target, stage: admit ? 'admitted' : 'lobby', since: command.now };
  return {
    ok: true,
    state: { ...state, peers: state.peers.map((p) => (p === target ? moved : p)), citizenAdmitted: admit },
    effects: [
      { type: 'admission_changed', admitted: admit },
      admit ? { type: 'admitted', peer: moved } : { type: 'returned_to_lobby', peer: moved },
    ],
  };
}

/** The clerk turns chat help into a video call: the citizen they are chatting with is admitted to it. */
function switchToVideo(state: RoomState, by: string): RoomResult {
  const clerk = state.peers.find((p) => p.peerId === by);
  if (!clerk) return refuse('not_in_call', 'Join the call first.');
  if (clerk.role !== 'clerk') return refuse('forbidden', 'Only the clerk turns the chat into a video call.');
  if (state.mode !== 'chat') return refuse('invalid_transition', 'This call is by video already.');
  const effects: RoomEffect[] = state.citizenAdmitted ? [] : [{ type: 'admission_changed', admitted: true }];
  effects.push({ type: 'mode_changed', mode: 'video' });
  return { ok: true, state: { ...state, mode: 'video', citizenAdmitted: true }, effects };
}

function replacePeer(state: RoomState, peer: RoomPeer): RoomState {
  return { ...state, peers: state.peers.map((p) => (p.peerId === peer.peerId ? peer : p)) };
}

/** What a peer may do with the media and the chat of a room. */
export type RoomAction = 'open_transport' | 'produce' | 'consume' | 'chat';

/**
 * Nobody sends or receives media before being admitted, and nobody receives from a peer who is not
 * admitted either. Transports may open in the lobby (the pre-connect): they carry nothing until
 * then. The chat is for the lobby too, for a citizen whose microphone fails. A chat carries no
 * media at all, not even a transport, until it is turned into video.
 */
export function roomMay(state: RoomState, peerId: string, action: RoomAction, from?: string): boolean {
  const peer = state.peers.find((p) => p.peerId === peerId);
  if (!peer) return false;
  if (state.mode === 'chat') return action === 'chat';
  switch (action) {
    case 'open_transport':
    case 'chat':
      return true;
    case 'produce':
      return peer.stage === 'admitted';
    case 'consume': {
      const owner = state.peers.find((p) => p.peerId === from);
      return peer.stage === 'admitted' && owner !== undefined && owner !== peer && owner.stage === 'admitted';
    }
  }
}

/** The peers one peer may know of: a waiting citizen sees nobody; admitted peers see everyone admitted; the clerk sees the lobby too. */
export function visiblePeers(state: RoomState, viewer: string): RoomPeer[] {
  const me = state.peers.find((p) => p.peerId === viewer);
  if (!me || me.stage !== 'admitted') return [];
  return state.peers.filter((p) => p !== me && (p.stage === 'admitted' || me.role === 'clerk'));
}

/** Who is in the call, for the appointment's status: a waiting citizen is checked in; a call needs the admitted citizen and the clerk. */
export function roomPresence(state: RoomState): { citizen: boolean; clerk: boolean } {
  const citizen = state.peers.find((p) => p.role === 'citizen');
  const clerk = state.peers.some((p) => p.role === 'clerk');
  return { citizen: citizen !== undefined, clerk: clerk && citizen?.stage === 'admitted' };
}
