import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaCommand, MediaNotice, type RtpCapabilities } from '@oac/shared';
import { MediaChannel } from '../src/client/index';
import {
  fakeDtlsParameters,
  newId,
  nextEvent,
  opusRtpParameters,
  rejectionCode,
  startTestMediaWorker,
  vp8RtpParameters,
  type TestMediaWorker,
} from './support';

describe('media worker channel', { timeout: 20_000 }, () => {
  let mw: TestMediaWorker;

  beforeAll(async () => {
    mw = await startTestMediaWorker();
  }, 30_000);

  afterAll(async () => {
    await mw?.stop();
  });

  const request: MediaChannel['request'] = (command, payload, options) => mw.channel.request(command, payload, options);

  async function roomWithTransport(direction: 'send' | 'recv' = 'send') {
    const roomId = newId('room');
    const { rtpCapabilities } = await request(MediaCommand.ensureRoom, { roomId });
    const transport = await request(MediaCommand.createTransport, { roomId, peerId: 'peer-a', direction });
    return { roomId, rtpCapabilities, transport };
  }

  it('refuses a connection with the wrong secret', async () => {
    const intruder = new MediaChannel();
    try {
      expect(await rejectionCode(intruder.connect(mw.url, 'not-the-secret-at-all', { timeoutMs: 5_000 }))).toBe('unauthenticated');
      expect(intruder.connected).toBe(false);
    } finally {
      intruder.close();
    }
  });

  it('refuses a connection without any secret', async () => {
    const intruder = new MediaChannel();
    try {
      expect(await rejectionCode(intruder.connect(mw.url, '', { timeoutMs: 5_000 }))).toBe('unauthenticated');
    } finally {
      intruder.close();
    }
  });

  it('ensureRoom returns router capabilities with opus, VP8 and H264, and is idempotent', async () => {
    const roomId = newId('room');
    const first = await request(MediaCommand.ensureRoom, { roomId });
    const mimeTypes = (first.rtpCapabilities.codecs ?? []).map((c) => c.mimeType);
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));
    const opus = first.rtpCapabilities.codecs?.find((c) => c.mimeType === 'audio/opus');
    expect(opus).toMatchObject({ clockRate: 48000, channels: 2 });

    const before = await request(MediaCommand.status, {});
    const again = await request(MediaCommand.ensureRoom, { roomId });
    expect(again.rtpCapabilities).toEqual(first.rtpCapabilities);
    expect((await request(MediaCommand.status, {})).rooms).toBe(before.rooms);
  });

  it('concurrent ensureRoom calls for one room create one router', async () => {
    const roomId = newId('room');
    const before = (await request(MediaCommand.status, {})).rooms;
    await Promise.all([1, 2, 3, 4].map(() => request(MediaCommand.ensureRoom, { roomId })));
    expect((await request(MediaCommand.status, {})).rooms).toBe(before + 1);
  });

  it('createTransport returns ICE and DTLS parameters on the listen IPs', async () => {
    const { transport } = await roomWithTransport();
    expect(transport.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(transport.iceParameters).toMatchObject({ usernameFragment: expect.any(String), password: expect.any(String) });
    expect(transport.iceCandidates.length).toBeGreaterThanOrEqual(2);
    const protocols = transport.iceCandidates.map((c) => c['protocol']);
    expect(protocols).toEqual(expect.arrayContaining(['udp', 'tcp']));
    const own = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i?.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const candidate of transport.iceCandidates) {
      expect(['127.0.0.1', ...own]).toContain(candidate['address']);
      // The test workers take free ports from 30000–32700 (media-worker/test/support.ts).
      expect(candidate['port']).toBeGreaterThanOrEqual(30000);
      expect(candidate['port']).toBeLessThanOrEqual(32700);
    }
    expect(transport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
  });

  it('createTransport in an unknown room is not_found', async () => {
    const code = await rejectionCode(request(MediaCommand.createTransport, { roomId: newId('nowhere'), peerId: 'p', direction: 'send' }));
    expect(code).toBe('not_found');
  });

  it("a peer cannot connect, produce or pause on another peer's transport or producer", async () => {
    const { roomId, transport } = await roomWithTransport('send');
    await request(MediaCommand.createTransport, { roomId, peerId: 'peer-b', direction: 'send' });

    expect(
      await rejectionCode(
        request(MediaCommand.connectTransport, { roomId, peerId: 'peer-b', transportId: transport.id, dtlsParameters: fakeDtlsParameters }),
      ),
    ).toBe('forbidden');
    expect(
      await rejectionCode(
        request(MediaCommand.produce, {
          roomId,
          peerId: 'peer-b',
          transportId: transport.id,
          kind: 'audio',
          rtpParameters: opusRtpParameters,
        }),
      ),
    ).toBe('forbidden');
    // A peer that never made a transport is refused the same way.
    expect(
      await rejectionCode(
        request(MediaCommand.connectTransport, { roomId, peerId: 'peer-c', transportId: transport.id, dtlsParameters: fakeDtlsParameters }),
      ),
    ).toBe('forbidden');

    // The owner can do both, so the refusals above were about ownership, not parameters.
    await request(MediaCommand.connectTransport, {
      roomId,
      peerId: 'peer-a',
      transportId: transport.id,
      dtlsParameters: fakeDtlsParameters,
    });
    // Connecting twice is the caller's mistake, not ours.
    expect(
      await rejectionCode(
        request(MediaCommand.connectTransport, { roomId, peerId: 'peer-a', transportId: transport.id, dtlsParameters: fakeDtlsParameters }),
      ),
    ).toBe('validation_error');
    const { producerId } = await request(MediaCommand.produce, {
      roomId,
      peerId: 'peer-a',
      transportId: transport.id,
      kind: 'audio',
      rtpParameters: opusRtpParameters,
    });
    expect(await rejectionCode(request(MediaCommand.setProducerPaused, { roomId, peerId: 'peer-b', producerId, paused: true }))).toBe(
      'forbidden',
    );
    await request(MediaCommand.setProducerPaused, { roomId, peerId: 'peer-a', producerId, paused: true });
  });

  it('a transport id from another room is not_found', async () => {
    const a = await roomWithTransport('send');
    const b = await roomWithTransport('send');
    const code = await rejectionCode(
      request(MediaCommand.connectTransport, {
        roomId: b.roomId,
        peerId: 'peer-a',
        transportId: a.transport.id,
        dtlsParameters: fakeDtlsParameters,
      }),
    );
    expect(code).toBe('not_found');
  });

  it('consume creates a paused consumer, and closing the producer peer notifies producerClosed', async () => {
    const { roomId, rtpCapabilities, transport } = await roomWithTransport('send');
    const { producerId } = await request(MediaCommand.produce, {
      roomId,
      peerId: 'peer-a',
      transportId: transport.id,
      kind: 'video',
      rtpParameters: vp8RtpParameters,
    });
    await request(MediaCommand.createTransport, { roomId, peerId: 'peer-b', direction: 'recv' });
    const consumer = await request(MediaCommand.consume, { roomId, peerId: 'peer-b', producerId, rtpCapabilities });
    expect(consumer).toMatchObject({ producerId, kind: 'video', producerPaused: false });
    expect(consumer.rtpParameters.codecs[0]?.mimeType).toBe('video/VP8');

    // Only the consuming peer may resume it.
    expect(await rejectionCode(request(MediaCommand.resumeConsumer, { roomId, peerId: 'peer-a', consumerId: consumer.id }))).toBe(
      'forbidden',
    );
    await request(MediaCommand.resumeConsumer, { roomId, peerId: 'peer-b', consumerId: consumer.id });

    const closed = nextEvent<[{ roomId: string; peerId: string; producerId: string }]>(
      (l) => mw.channel.on(MediaNotice.producerClosed, l),
      5_000,
      (n) => n.producerId === producerId,
    );
    await request(MediaCommand.closePeer, { roomId, peerId: 'peer-a' });
    expect((await closed)[0]).toEqual({ roomId, peerId: 'peer-a', producerId });
    // The consumer went with its producer.
    expect(await rejectionCode(request(MediaCommand.resumeConsumer, { roomId, peerId: 'peer-b', consumerId: consumer.id }))).toBe(
      'not_found',
    );
    // And so did peer A's transport.
    expect(
      await rejectionCode(
        request(MediaCommand.connectTransport, { roomId, peerId: 'peer-a', transportId: transport.id, dtlsParameters: fakeDtlsParameters }),
      ),
    ).toBe('not_found');
  });

  it('consume with capabilities that cannot receive the producer is a validation_error', async () => {
    const { roomId, transport } = await roomWithTransport('send');
    const { producerId } = await request(MediaCommand.produce, {
      roomId,
      peerId: 'peer-a',
      transportId: transport.id,
      kind: 'video',
      rtpParameters: vp8RtpParameters,
    });
    await request(MediaCommand.createTransport, { roomId, peerId: 'peer-b', direction: 'recv' });
    const audioOnly: RtpCapabilities = { codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }] };
    expect(await rejectionCode(request(MediaCommand.consume, { roomId, peerId: 'peer-b', producerId, rtpCapabilities: audioOnly }))).toBe(
      'validation_error',
    );
  });

  it('malformed payloads get validation_error and the worker keeps serving', async () => {
    const malformed: [string, unknown][] = [
      [MediaCommand.ensureRoom, {}],
      [MediaCommand.ensureRoom, { roomId: '' }],
      [MediaCommand.ensureRoom, { roomId: 'x'.repeat(65) }],
      [MediaCommand.ensureRoom, { roomId: 'r', extra: true }],
      [MediaCommand.ensureRoom, 'just a string'],
      [MediaCommand.ensureRoom, null],
      [MediaCommand.createTransport, { roomId: 'r', peerId: 'p', direction: 'sideways' }],
      [MediaCommand.connectTransport, { roomId: 'r', peerId: 'p', transportId: 't', dtlsParameters: { fingerprints: [] } }],
      [MediaCommand.produce, { roomId: 'r', peerId: 'p', transportId: 't', kind: 'smell', rtpParameters: opusRtpParameters }],
      [MediaCommand.consume, { roomId: 'r', peerId: 'p', producerId: 'x', rtpCapabilities: { codecs: 'all of them' } }],
      [MediaCommand.status, { please: true }],
    ];
    for (const [command, payload] of malformed) {
      const code = await rejectionCode(request(command as typeof MediaCommand.ensureRoom, payload as never));
      expect({ command, code }).toEqual({ command, code: 'validation_error' });
    }
    expect((await request(MediaCommand.status, {})).workers.length).toBe(1);
  });

  it('WebRTC parameters mediasoup refuses are a validation_error, not internal_error', async () => {
    const { roomId, transport } = await roomWithTransport('send');
    const unsupported = { ...opusRtpParameters, codecs: [{ mimeType: 'audio/no-such-codec', payloadType: 100, clockRate: 8000 }] };
    const code = await rejectionCode(
      request(MediaCommand.produce, { roomId, peerId: 'peer-a', transportId: transport.id, kind: 'audio', rtpParameters: unsupported }),
    );
    expect(code).toBe('validation_error');
  });

  it('producing on a receive transport is refused', async () => {
    const { roomId, transport } = await roomWithTransport('recv');
    const code = await rejectionCode(
      request(MediaCommand.produce, {
        roomId,
        peerId: 'peer-a',
        transportId: transport.id,
        kind: 'audio',
        rtpParameters: opusRtpParameters,
      }),
    );
    expect(code).toBe('validation_error');
  });

  it('closeRoom closes the router and is idempotent', async () => {
    const { roomId } = await roomWithTransport('send');
    await request(MediaCommand.closeRoom, { roomId });
    await request(MediaCommand.closeRoom, { roomId });
    expect(await rejectionCode(request(MediaCommand.createTransport, { roomId, peerId: 'peer-a', direction: 'send' }))).toBe('not_found');
  });

  it('status reports the workers, their CPU time, and what their rooms hold', async () => {
    const { roomId } = await roomWithTransport('send');
    const status = (await mw.channel.status())!;
    const n = expect.any(Number);
    expect(status.workers).toEqual([{ pid: n, rooms: n, cpuMs: n, peers: n, transports: n, producers: n, consumers: n }]);
    const [worker] = status.workers;
    expect(worker!.cpuMs).toBeGreaterThan(0);
    expect(worker!.transports).toBeGreaterThanOrEqual(1);
    expect(status).toMatchObject({ peers: worker!.peers, transports: worker!.transports, producers: worker!.producers, workerDeaths: 0 });
    expect(status.rooms).toBe(worker!.rooms);
    await request(MediaCommand.closeRoom, { roomId });
  });

  describe('what one peer may hold (issue 11, §1)', () => {
    it('keeps one transport per direction: a new one closes the old, with its producers', async () => {
      const { roomId, transport: first } = await roomWithTransport('send');
      await request(MediaCommand.connectTransport, { roomId, peerId: 'peer-a', transportId: first.id, dtlsParameters: fakeDtlsParameters });
      const { producerId } = await request(MediaCommand.produce, {
        roomId,
        peerId: 'peer-a',
        transportId: first.id,
        kind: 'audio',
        rtpParameters: opusRtpParameters,
      });
      const closed = nextEvent<[{ roomId: string; peerId: string; producerId: string }]>(
        (listener) => mw.channel.on(MediaNotice.producerClosed, listener),
        5_000,
        (n) => n.producerId === producerId,
      );
      const before = (await request(MediaCommand.status, {})).transports;
      for (let i = 0; i < 20; i++) await request(MediaCommand.createTransport, { roomId, peerId: 'peer-a', direction: 'send' });
      await request(MediaCommand.createTransport, { roomId, peerId: 'peer-a', direction: 'recv' });
      expect((await request(MediaCommand.status, {})).transports).toBe(before + 1);
      expect((await closed)[0]).toMatchObject({ roomId, peerId: 'peer-a', producerId });
      expect(
        await rejectionCode(
          request(MediaCommand.connectTransport, { roomId, peerId: 'peer-a', transportId: first.id, dtlsParameters: fakeDtlsParameters }),
        ),
      ).toBe('not_found');
    });

    it('refuses a second concurrent opening of the same direction instead of taking its ports', async () => {
      const roomId = newId('room');
      await request(MediaCommand.ensureRoom, { roomId });
      const before = (await request(MediaCommand.status, {})).transports;
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, () => request(MediaCommand.createTransport, { roomId, peerId: 'peer-b', direction: 'recv' })),
      );
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      for (const r of results) if (r.status === 'rejected') expect(await rejectionCode(Promise.reject(r.reason))).toBe('validation_error');
      expect((await request(MediaCommand.status, {})).transports).toBe(before + 1);
    });

    it('caps the streams a peer sends, and consuming a stream again replaces the earlier consumer', async () => {
      const { roomId, transport, rtpCapabilities } = await roomWithTransport('send');
      await request(MediaCommand.connectTransport, {
        roomId,
        peerId: 'peer-a',
        transportId: transport.id,
        dtlsParameters: fakeDtlsParameters,
      });
      const produce = (i: number) =>
        request(MediaCommand.produce, {
          roomId,
          peerId: 'peer-a',
          transportId: transport.id,
          kind: 'audio',
          rtpParameters: { ...opusRtpParameters, mid: String(i), encodings: [{ ssrc: 1000 + i }] },
        });
      const first = await produce(0);
      for (let i = 1; i < 4; i++) await produce(i);
      expect(await rejectionCode(produce(4))).toBe('media_limit_exceeded');

      await request(MediaCommand.createTransport, { roomId, peerId: 'peer-c', direction: 'recv' });
      const caps = rtpCapabilities as RtpCapabilities;
      const consume = () =>
        request(MediaCommand.consume, { roomId, peerId: 'peer-c', producerId: first.producerId, rtpCapabilities: caps });
      const a = await consume();
      const b = await consume();
      expect(b.id).not.toBe(a.id);
      expect(await rejectionCode(request(MediaCommand.resumeConsumer, { roomId, peerId: 'peer-c', consumerId: a.id }))).toBe('not_found');
      await request(MediaCommand.resumeConsumer, { roomId, peerId: 'peer-c', consumerId: b.id });
    });

    it('holds at most four peers in a room', async () => {
      const roomId = newId('room');
      await request(MediaCommand.ensureRoom, { roomId });
      for (let i = 0; i < 4; i++) await request(MediaCommand.createTransport, { roomId, peerId: `p${i}`, direction: 'recv' });
      expect(await rejectionCode(request(MediaCommand.createTransport, { roomId, peerId: 'p4', direction: 'recv' }))).toBe('room_full');
      await request(MediaCommand.closePeer, { roomId, peerId: 'p0' });
      await request(MediaCommand.createTransport, { roomId, peerId: 'p4', direction: 'recv' });
    });
  });
});

describe('one port per worker', { timeout: 20_000 }, () => {
  let mw: TestMediaWorker;
  // Below the ephemeral ports (32768 and up) and apart from the other tests' range.
  const base = 21_000 + Math.floor(Math.random() * 200) * 10;

  beforeAll(async () => {
    mw = await startTestMediaWorker({ RTC_PORT: String(base), NUM_WORKERS: '2' });
  }, 30_000);
  afterAll(async () => {
    await mw?.stop();
  });

  it("gives every transport of a worker that worker's one UDP and one TCP port, on loopback and the machine's own address", async () => {
    const ports = new Set<string>();
    const ips = new Set<string>();
    // Four rooms spread over the two workers; each holds two peers with two transports.
    for (let r = 0; r < 4; r++) {
      const roomId = newId('room');
      await mw.channel.request(MediaCommand.ensureRoom, { roomId });
      for (const peerId of ['a', 'b'])
        for (const direction of ['send', 'recv'] as const) {
          const t = await mw.channel.request(MediaCommand.createTransport, { roomId, peerId, direction });
          for (const c of t.iceCandidates as { protocol: string; port: number; address: string }[]) {
            ports.add(`${c.protocol}:${c.port}`);
            ips.add(c.address);
          }
        }
    }
    expect([...ports].sort()).toEqual([`tcp:${base}`, `tcp:${base + 1}`, `udp:${base}`, `udp:${base + 1}`]);
    const own = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i?.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    expect([...ips].sort()).toEqual(['127.0.0.1', ...own].sort());
    expect((await mw.channel.request(MediaCommand.status, {})).transports).toBe(16);
  });
});
