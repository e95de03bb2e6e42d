import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOM,
  roomMay,
  roomPresence,
  roomReduce,
  visiblePeers,
  type RoomAction,
  type RoomCommand,
  type RoomPeer,
  type RoomResult,
  type RoomState,
} from './room-state';

const devices = { audio: 'ok', video: 'ok' } as const;
const joinAs = (role: 'citizen' | 'clerk', peerId: string, socketId = `s-${peerId}`, now = 1000): RoomCommand => ({
  type: 'join',
  peer: { peerId, socketId, role, name: role === 'clerk' ? 'Marta' : 'Anna', devices },
  now,
});

function ok(result: RoomResult): Extract<RoomResult, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${result.code}`);
  return result;
}

function run(state: RoomState, ...commands: RoomCommand[]): RoomState {
  return commands.reduce((s, c) => ok(roomReduce(s, c)).state, state);
}

const peer = (state: RoomState, id: string) => state.peers.find((p) => p.peerId === id) as RoomPeer;

describe('roomReduce: joining', () => {
  it('puts a clerk straight into the call and a citizen into the lobby', () => {
    const state = run(EMPTY_ROOM, joinAs('clerk', 'k'), joinAs('citizen', 'c'));
    expect(peer(state, 'k').stage).toBe('admitted');
    expect(peer(state, 'c').stage).toBe('lobby');
    expect(peer(state, 'c').since).toBe(1000);
  });

  it('lets a citizen the clerk admitted before come straight back in (a reconnect, a server restart)', () => {
    const state = run({ ...EMPTY_ROOM, citizenAdmitted: true }, joinAs('citizen', 'c'));
    expect(peer(state, 'c').stage).toBe('admitted');
  });

  it('lets a second window of the same person take over, telling the first, and keeps the admission', () => {
    const before = run(EMPTY_ROOM, joinAs('clerk', 'k'), joinAs('citizen', 'c1', 'tab-1'), {
      type: 'admit',
      by: 'k',
      target: 'c1',
      now: 2,
    });
    const result = ok(roomReduce(before, joinAs('citizen', 'c2', 'tab-2')));
    expect(result.effects.map((e) => e.type)).toEqual(['taken_over', 'peer_gone']);
    expect(result.effects[0]).toMatchObject({ peer: { peerId: 'c1', socketId: 'tab-1' } });
    expect(result.state.peers.map((p) => p.peerId)).toEqual(['k', 'c2']);
    expect(peer(result.state, 'c2').stage).toBe('admitted');
  });

  it('treats the same socket joining again as a rejoin: the old peer goes, nobody is told of a takeover', () => {
    const before = run(EMPTY_ROOM, joinAs('clerk', 'k1', 'tab'));
    const result = ok(roomReduce(before, joinAs('clerk', 'k2', 'tab')));
    expect(result.effects.map((e) => e.type)).toEqual(['peer_gone']);
    expect(result.state.peers.map((p) => p.peerId)).toEqual(['k2']);
  });

  it('announces nothing when the first of a role joins', () => {
    expect(ok(roomReduce(EMPTY_ROOM, joinAs('citizen', 'c'))).effects).toEqual([]);
  });
});

describe('roomReduce: admission', () => {
  const waiting = run(EMPTY_ROOM, joinAs('clerk', 'k'), joinAs('citizen', 'c'));

  it('lets the clerk admit the waiting citizen, storing the decision first', () => {
    const result = ok(roomReduce(waiting, { type: 'admit', by: 'k', target: 'c', now: 5000 }));
    expect(result.effects.map((e) => e.type)).toEqual(['admission_changed', 'admitted']);
    expect(result.effects[0]).toEqual({ type: 'admission_changed', admitted: true });
    expect(result.state.citizenAdmitted).toBe(true);
    expect(peer(result.state, 'c')).toMatchObject({ stage: 'admitted', since: 5000 });
  });

  it('lets the clerk send the admitted citizen back to the lobby', () => {
    const admitted = run(waiting, { type: 'admit', by: 'k', target: 'c', now: 2 });
    const result = ok(roomReduce(admitted, { type: 'return_to_lobby', by: 'k', target: 'c', now: 9 }));
    expect(result.effects.map((e) => e.type)).toEqual(['admission_changed', 'returned_to_lobby']);
    expect(result.state.citizenAdmitted).toBe(false);
    expect(peer(result.state, 'c')).toMatchObject({ stage: 'lobby', since: 9 });
  });

  it.each([
    ['the citizen admitting themselves', waiting, { type: 'admit', by: 'c', target: 'c' }, 'forbidden'],
    ['somebody not in the room', waiting, { type: 'admit', by: 'x', target: 'c' }, 'not_in_call'],
    ['admitting the clerk', waiting, { type: 'admit', by: 'k', target: 'k' }, 'not_found'],
    ['admitting somebody gone', waiting, { type: 'admit', by: 'k', target: 'gone' }, 'not_found'],
    [
      'admitting twice',
      run(waiting, { type: 'admit', by: 'k', target: 'c', now: 1 }),
      { type: 'admit', by: 'k', target: 'c' },
      'invalid_transition',
    ],
    ['sending back one who waits', waiting, { type: 'return_to_lobby', by: 'k', target: 'c' }, 'invalid_transition'],
    ['the citizen sending the clerk away', waiting, { type: 'return_to_lobby', by: 'c', target: 'k' }, 'forbidden'],
  ] as const)('refuses %s', (_, state, command, code) => {
    const result = roomReduce(state, { ...command, now: 1 } as RoomCommand);
    expect(result).toMatchObject({ ok: false, code });
  });
});

describe('roomReduce: devices and leaving', () => {
  const room = run(EMPTY_ROOM, joinAs('clerk', 'k'), joinAs('citizen', 'c'));

  it('records what a peer could get of its camera and microphone', () => {
    const result = ok(roomReduce(room, { type: 'set_devices', peerId: 'c', devices: { audio: 'ok', video: 'permission_denied' } }));
    expect(peer(result.state, 'c').devices).toEqual({ audio: 'ok', video: 'permission_denied' });
    expect(result.effects.map((e) => e.type)).toEqual(['devices_changed']);
    expect(roomReduce(room, { type: 'set_devices', peerId: 'x', devices })).toMatchObject({ ok: false, code: 'not_in_call' });
  });

  it('removes a peer who leaves, and ignores a second leave', () => {
    const result = ok(roomReduce(room, { type: 'leave', peerId: 'c' }));
    expect(result.effects).toEqual([{ type: 'peer_gone', peer: peer(room, 'c') }]);
    expect(result.state.peers.map((p) => p.peerId)).toEqual(['k']);
    expect(ok(roomReduce(result.state, { type: 'leave', peerId: 'c' }))).toEqual({ ok: true, state: result.state, effects: [] });
  });

  it("keeps the clerk's decision when the citizen's connection drops", () => {
    const admitted = run(room, { type: 'admit', by: 'k', target: 'c', now: 1 }, { type: 'leave', peerId: 'c' });
    expect(admitted.citizenAdmitted).toBe(true);
    expect(peer(run(admitted, joinAs('citizen', 'c2')), 'c2').stage).toBe('admitted');
  });
});

describe('roomMay: nobody sends or receives media before being admitted', () => {
  const waiting = run(EMPTY_ROOM, joinAs('clerk', 'k'), joinAs('citizen', 'c'));
  const inCall = run(waiting, { type: 'admit', by: 'k', target: 'c', now: 1 });
  const actions: RoomAction[] = ['open_transport', 'produce', 'consume', 'chat'];

  it('lets a waiting citizen open transports (the pre-connect) and chat, and nothing else', () => {
    expect(actions.map((a) => roomMay(waiting, 'c', a, 'k'))).toEqual([true, false, false, true]);
  });

  it('lets the clerk receive nothing from a citizen who waits', () => {
    expect(actions.map((a) => roomMay(waiting, 'k', a, 'c'))).toEqual([true, true, false, true]);
  });

  it('lets both do everything once the citizen is admitted', () => {
    expect(actions.map((a) => roomMay(inCall, 'c', a, 'k'))).toEqual([true, true, true, true]);
    expect(actions.map((a) => roomMay(inCall, 'k', a, 'c'))).toEqual([true, true, true, true]);
  });

  it('refuses everything to somebody not in the room, and consuming oneself or nobody', () => {
    expect(actions.map((a) => roomMay(inCall, 'stranger', a, 'k'))).toEqual([false, false, false, false]);
    expect(roomMay(inCall, 'c', 'consume', 'c')).toBe(false);
    expect(roomMay(inCall, 'c', 'consume', 'nobody')).toBe(false);
  });
});

describe('visiblePeers and roomPresence', () => {
  const waiting = run(EMPTY_ROOM, joinAs('clerk', 'k'), joinAs('citizen', 'c'));
  const inCall = run(waiting, { type: 'admit', by: 'k', target: 'c', now: 1 });

  it('shows a waiting citizen nobody, and the clerk the citizen waiting', () => {
    expect(visiblePeers(waiting, 'c')).toEqual([]);
    expect(visiblePeers(waiting, 'k').map((p) => p.peerId)).toEqual(['c']);
    expect(visiblePeers(inCall, 'c').map((p) => p.peerId)).toEqual(['k']);
    expect(visiblePeers(inCall, 'nobody')).toEqual([]);
  });

  it('counts a waiting citizen as checked in, and a call only once the citizen is admitted with the clerk there', () => {
    expect(roomPresence(EMPTY_ROOM)).toEqual({ citizen: false, clerk: false });
    expect(roomPresence(run(EMPTY_ROOM, joinAs('citizen', 'c')))).toEqual({ citizen: true, clerk: false });
    expect(roomPresence(waiting)).toEqual({ citizen: true, clerk: false });
    expect(roomPresence(inCall)).toEqual({ citizen: true, clerk: true });
    expect(roomPresence(run(EMPTY_ROOM, joinAs('clerk', 'k')))).toEqual({ citizen: false, clerk: false });
  });
});

describe('chat help: a call in chat mode, and turning it into video', () => {
  const chatRoom: RoomState = { ...EMPTY_ROOM, mode: 'chat' };
  const chatting = run(chatRoom, joinAs('clerk', 'k'), joinAs('citizen', 'c'));
  const actions: RoomAction[] = ['open_transport', 'produce', 'consume', 'chat'];

  it('lets the citizen the clerk accepted from the line straight in: a chat has no lobby', () => {
    const alone = run(chatRoom, joinAs('citizen', 'c'));
    expect(peer(alone, 'c').stage).toBe('admitted');
    expect(peer(chatting, 'c').stage).toBe('admitted');
    expect(chatting.citizenAdmitted).toBe(false);
    expect(visiblePeers(chatting, 'c').map((p) => p.peerId)).toEqual(['k']);
    expect(roomPresence(chatting)).toEqual({ citizen: true, clerk: true });
  });

  it('gives nobody a transport, a stream or a consumer: only the chat', () => {
    expect(actions.map((a) => roomMay(chatting, 'c', a, 'k'))).toEqual([false, false, false, true]);
    expect(actions.map((a) => roomMay(chatting, 'k', a, 'c'))).toEqual([false, false, false, true]);
    expect(actions.map((a) => roomMay(chatting, 'stranger', a, 'k'))).toEqual([false, false, false, false]);
  });

  it('has no waiting room to send anyone to, nor to admit anyone from', () => {
    for (const type of ['admit', 'return_to_lobby'] as const) {
      expect(roomReduce(chatting, { type, by: 'k', target: 'c', now: 1 })).toMatchObject({ ok: false, code: 'invalid_transition' });
    }
  });

  it('lets the clerk turn it into video: the admission is stored first, then everyone is told', () => {
    const result = ok(roomReduce(chatting, { type: 'switch_to_video', by: 'k' }));
    expect(result.effects).toEqual([
      { type: 'admission_changed', admitted: true },
      { type: 'mode_changed', mode: 'video' },
    ]);
    expect(result.state).toMatchObject({ mode: 'video', citizenAdmitted: true });
    // Now the video call's rules: both may send and receive at once.
    expect(actions.map((a) => roomMay(result.state, 'c', a, 'k'))).toEqual([true, true, true, true]);
    expect(actions.map((a) => roomMay(result.state, 'k', a, 'c'))).toEqual([true, true, true, true]);
  });

  it('lets the citizen who joins again with their camera come straight into the video call', () => {
    const switched = run(chatting, { type: 'switch_to_video', by: 'k' }, { type: 'leave', peerId: 'c' });
    const back = run(switched, joinAs('citizen', 'c2', 's-c2', 7));
    expect(peer(back, 'c2')).toMatchObject({ stage: 'admitted', since: 7 });
    // A clerk alone in the room may switch too: the citizen comes in admitted later.
    const alone = ok(roomReduce(run(chatRoom, joinAs('clerk', 'k')), { type: 'switch_to_video', by: 'k' }));
    expect(peer(run(alone.state, joinAs('citizen', 'c')), 'c').stage).toBe('admitted');
  });

  it('asks the database nothing new when the citizen was admitted already', () => {
    const result = ok(roomReduce({ ...chatting, citizenAdmitted: true }, { type: 'switch_to_video', by: 'k' }));
    expect(result.effects).toEqual([{ type: 'mode_changed', mode: 'video' }]);
  });

  it.each([
    ['by the citizen', chatting, 'c', 'forbidden'],
    ['by somebody not in the room', chatting, 'x', 'not_in_call'],
    ['of a call that is by video already', run(EMPTY_ROOM, joinAs('clerk', 'k')), 'k', 'invalid_transition'],
    ['a second time', run(chatting, { type: 'switch_to_video', by: 'k' }), 'k', 'invalid_transition'],
  ] as const)('refuses a switch %s', (_, state, by, code) => {
    expect(roomReduce(state, { type: 'switch_to_video', by })).toMatchObject({ ok: false, code });
  });
});
