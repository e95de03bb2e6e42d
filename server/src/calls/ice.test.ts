import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor } from './ice';

const settings = {
  stunUrls: ['stun:stun.example.org:3478'],
  turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'],
  turnSecret: 's3cret',
  turnTtlSeconds: 3600,
};

describe('iceServersFor', () => {
  it('hands out STUN, and TURN with credentials that expire after the TTL, in the TURN REST API scheme', () => {
    const now = Date.UTC(2026, 11, 1, 10, 0, 0);
    const [stun, turn] = iceServersFor(settings, 'peer-1', now);
    expect(stun).toEqual({ urls: ['stun:stun.example.org:3478'] });
    expect(turn!.urls).toEqual(settings.turnUrls);
    expect(turn!.username).toBe(`${now / 1000 + 3600}:peer-1`);
    expect(turn!.credential).toBe(createHmac('sha1', 's3cret').update(turn!.username!).digest('base64'));
  });

  it('gives no TURN without a secret, and nothing when nothing is configured', () => {
    expect(iceServersFor({ ...settings, turnSecret: undefined }, 'p', 0)).toEqual([{ urls: settings.stunUrls }]);
    expect(iceServersFor({ stunUrls: [], turnUrls: [], turnSecret: undefined, turnTtlSeconds: 60 }, 'p', 0)).toEqual([]);
  });

  it('gives each peer its own username', () => {
    expect(iceServersFor(settings, 'a', 0)[1]!.username).not.toBe(iceServersFor(settings, 'b', 0)[1]!.username);
  });
});
