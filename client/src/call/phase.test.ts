import { describe, expect, it } from 'vitest';
import { callPhase, worstConnection, type PhaseInputs, type TransportConnection } from './phase';

const inCall: PhaseInputs = {
  closed: null,
  failure: null,
  takenOver: false,
  socketConnected: true,
  joined: 'admitted',
  everJoined: true,
  retrying: false,
  transports: ['connected', 'connected'],
  peers: 1,
  peerReconnecting: false,
  chat: false,
};
const phase = (patch: Partial<PhaseInputs>) => callPhase({ ...inCall, ...patch });

describe('callPhase', () => {
  it('says connected only when the other party is there and both transports are connected', () => {
    expect(phase({})).toBe('connected');
    expect(phase({ transports: ['connected', 'connecting'] })).toBe('connecting');
    expect(phase({ transports: ['new', 'new'] })).toBe('connecting');
  });

  it('ignores a transport that never started, as when there is nothing to send', () => {
    expect(phase({ transports: ['new', 'connected'] })).toBe('connected');
  });

  it('never says connected while ICE or DTLS is down, whoever is in the room', () => {
    for (const broken of ['failed', 'disconnected', 'closed'] as TransportConnection[]) {
      expect(phase({ transports: ['connected', broken] })).toBe('reconnecting');
      expect(phase({ transports: [broken], peers: 0 })).toBe('reconnecting');
    }
  });

  it('waits alone in the call, whatever the transports say short of failing', () => {
    expect(phase({ peers: 0 })).toBe('waiting');
    expect(phase({ peers: 0, transports: [] })).toBe('waiting');
    expect(phase({ peers: 0, transports: ['new'] })).toBe('waiting');
  });

  it('says so when the other party is reconnecting, instead of showing a frozen picture', () => {
    expect(phase({ peerReconnecting: true })).toBe('peer_reconnecting');
    expect(phase({ peers: 0, peerReconnecting: true })).toBe('peer_reconnecting');
  });

  it('shows the lobby while the clerk has not let us in, with any transports', () => {
    expect(phase({ joined: 'lobby', peers: 0, transports: ['new'] })).toBe('lobby');
    expect(phase({ joined: 'lobby', transports: ['failed'] })).toBe('lobby');
  });

  it('tells a first connection from a reconnection', () => {
    expect(phase({ socketConnected: false, everJoined: false, joined: null })).toBe('connecting');
    expect(phase({ socketConnected: false })).toBe('reconnecting');
    expect(phase({ joined: null })).toBe('reconnecting');
    expect(phase({ joined: null, everJoined: false })).toBe('connecting');
    expect(phase({ retrying: true })).toBe('reconnecting');
    expect(phase({ retrying: true, everJoined: false })).toBe('connecting');
  });

  it('puts the ends first: left and ended over a failure, a failure over a takeover, a takeover over the rest', () => {
    expect(phase({ closed: 'ended', failure: 'forbidden', takenOver: true })).toBe('ended');
    expect(phase({ closed: 'left', failure: 'forbidden' })).toBe('left');
    expect(phase({ failure: 'forbidden', takenOver: true, socketConnected: false })).toBe('failed');
    expect(phase({ takenOver: true, socketConnected: false, retrying: true })).toBe('taken_over');
  });
});

describe('worstConnection', () => {
  it('ranks failed over disconnected over closed over new over connecting over connected', () => {
    expect(worstConnection(['connected', 'failed', 'disconnected'])).toBe('failed');
    expect(worstConnection(['connected', 'disconnected'])).toBe('disconnected');
    expect(worstConnection(['connecting', 'new'])).toBe('new');
    expect(worstConnection(['connected', 'connecting'])).toBe('connecting');
    expect(worstConnection(['connected'])).toBe('connected');
    expect(worstConnection([])).toBeNull();
  });
});

describe('callPhase in chat help', () => {
  it('says a chat is connected with the other party there, without any transport', () => {
    expect(phase({ chat: true, transports: [] })).toBe('connected');
    expect(phase({ chat: true, transports: [], peers: 0 })).toBe('waiting');
    expect(phase({ chat: true, transports: [], peers: 0, peerReconnecting: true })).toBe('peer_reconnecting');
    expect(phase({ chat: true, transports: [], peerReconnecting: true })).toBe('peer_reconnecting');
    expect(phase({ chat: true, socketConnected: false })).toBe('reconnecting');
    expect(phase({ chat: true, joined: null, everJoined: false })).toBe('connecting');
  });
});
