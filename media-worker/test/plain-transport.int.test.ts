import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaCommand, MediaNotice, type PlainTransportInfo, type RtpCapabilities, type RtpParameters } from '@oac/shared';
import type { MediaChannel } from '../src/client/index';
import { fakeDtlsParameters, newId, nextEvent, rejectionCode, startTestMediaWorker, type TestMediaWorker } from './support';

/*
 * Plain RTP transports, for peers that are not browsers (a phone gateway, a recorder, the capacity
 * bench): real RTP from a UDP socket into one peer's producers, out of another peer's consumers to
 * another UDP socket.
 */

interface Received {
  payloadType: number;
  marker: boolean;
  seq: number;
  ssrc: number;
  payload: Buffer;
}

function parseRtp(packet: Buffer): Received | undefined {
  // RTCP (sender reports) shares the port with RTP (rtcp-mux); its packet types are 200–206.
  if (packet.length < 12 || packet[0]! >> 6 !== 2 || (packet[1]! >= 200 && packet[1]! <= 206)) return undefined;
  const csrcs = packet[0]! & 0x0f;
  let offset = 12 + 4 * csrcs;
  // mediasoup adds its header extensions (mid, abs-send-time, ...) to what it forwards.
  if (packet[0]! & 0x10) offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  return {
    payloadType: packet[1]! & 0x7f,
    marker: (packet[1]! & 0x80) !== 0,
    seq: packet.readUInt16BE(2),
    ssrc: packet.readUInt32BE(8),
    payload: packet.subarray(offset),
  };
}

function rtp(payloadType: number, seq: number, timestamp: number, ssrc: number, payload: Buffer, marker = false): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | payloadType;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, payload]);
}

/** One packet of a VP8 key frame: descriptor with start bit and a 15-bit picture id, then a key frame header. */
function vp8KeyFramePayload(pictureId: number, filler: number): Buffer {
  const descriptor = Buffer.from([0x90, 0x80, 0x80 | ((pictureId >> 8) & 0x7f), pictureId & 0xff]);
  // P bit 0 (key frame), the start code 9d 01 2a, then 640x360.
  const header = Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01]);
  return Buffer.concat([descriptor, header, Buffer.alloc(300, filler)]);
}

async function udpSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

describe('plain RTP transports', { timeout: 20_000 }, () => {
  let mw: TestMediaWorker;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    mw = await startTestMediaWorker();
  }, 30_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await mw?.stop();
  });

  const request: MediaChannel['request'] = (command, payload, options) => mw.channel.request(command, payload, options);

  async function room() {
    const roomId = newId('room');
    const { rtpCapabilities } = await request(MediaCommand.ensureRoom, { roomId });
    const preferred = (mimeType: string) => {
      const codec = rtpCapabilities.codecs?.find((c) => c.mimeType === mimeType);
      if (!codec) throw new Error(`router offers no ${mimeType}`);
      return codec['preferredPayloadType'] as number;
    };
    return { roomId, rtpCapabilities, opusPt: preferred('audio/opus'), vp8Pt: preferred('video/VP8') };
  }

  it('carries RTP from a UDP socket through one plain peer to another plain peer, audio and video', async () => {
    const { roomId, rtpCapabilities, opusPt, vp8Pt } = await room();
    const send = await request(MediaCommand.createPlainTransport, { roomId, peerId: 'gateway-a', direction: 'send' });
    const recv = await request(MediaCommand.createPlainTransport, { roomId, peerId: 'gateway-b', direction: 'recv' });
    expect(send).toMatchObject({ id: expect.any(String), ip: '127.0.0.1', comedia: true, rtcpMux: true });
    expect(recv).toMatchObject({ ip: '127.0.0.1', comedia: false, rtcpMux: true });
    expect(send.port).toBeGreaterThanOrEqual(30000);
    expect(recv.port).toBeLessThanOrEqual(32700);
    expect(recv.port).not.toBe(send.port);

    const rx = await udpSocket();
    const tx = await udpSocket();
    sockets.push(rx, tx);
    const received: Received[] = [];
    rx.on('message', (packet) => {
      const parsed = parseRtp(packet);
      if (parsed) received.push(parsed);
    });
    await request(MediaCommand.connectPlainTransport, {
      roomId,
      peerId: 'gateway-b',
      transportId: recv.id,
      ip: '127.0.0.1',
      port: rx.address().port,
    });

    const audioParameters: RtpParameters = {
      codecs: [{ mimeType: 'audio/opus', payloadType: opusPt, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc: 0x1111 }],
      rtcp: { cname: 'gateway-a' },
    };
    const videoParameters: RtpParameters = {
      codecs: [{ mimeType: 'video/VP8', payloadType: vp8Pt, clockRate: 90000 }],
      encodings: [{ ssrc: 0x2222 }],
      rtcp: { cname: 'gateway-a' },
    };
    const audio = await request(MediaCommand.produce, {
      roomId,
      peerId: 'gateway-a',
      transportId: send.id,
      kind: 'audio',
      rtpParameters: audioParameters,
    });
    const video = await request(MediaCommand.produce, {
      roomId,
      peerId: 'gateway-a',
      transportId: send.id,
      kind: 'video',
      rtpParameters: videoParameters,
    });
    const caps = rtpCapabilities as RtpCapabilities;
    const audioConsumer = await request(MediaCommand.consume, {
      roomId,
      peerId: 'gateway-b',
      producerId: audio.producerId,
      rtpCapabilities: caps,
    });
    const videoConsumer = await request(MediaCommand.consume, {
      roomId,
      peerId: 'gateway-b',
      producerId: video.producerId,
      rtpCapabilities: caps,
    });
    await request(MediaCommand.resumeConsumer, { roomId, peerId: 'gateway-b', consumerId: audioConsumer.id });
    await request(MediaCommand.resumeConsumer, { roomId, peerId: 'gateway-b', consumerId: videoConsumer.id });

    const count = 40;
    for (let i = 0; i < count; i++) {
      tx.send(rtp(opusPt, 1000 + i, i * 960, 0x1111, Buffer.from(`opus frame ${i}`)), send.port, send.ip);
      tx.send(rtp(vp8Pt, 5000 + i, i * 3000, 0x2222, vp8KeyFramePayload(i, i), true), send.port, send.ip);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const audioSsrc = audioConsumer.rtpParameters.encodings?.[0]?.['ssrc'];
    const videoSsrc = videoConsumer.rtpParameters.encodings?.[0]?.['ssrc'];
    const audioOut = () => received.filter((p) => p.ssrc === audioSsrc);
    const videoOut = () => received.filter((p) => p.ssrc === videoSsrc);
    const deadline = Date.now() + 5_000;
    while ((audioOut().length < count || videoOut().length < count) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // The very first packets may reach the worker before the consumers were resumed; the rest must all arrive.
    expect(audioOut().length).toBeGreaterThanOrEqual(count - 2);
    expect(videoOut().length).toBeGreaterThanOrEqual(count - 2);
    const firstAudio = audioOut()[0]!;
    const opening = Number(/opus frame (\d+)/.exec(firstAudio.payload.toString())?.[1]);
    audioOut().forEach((p, i) => {
      expect(p.payloadType).toBe(audioConsumer.rtpParameters.codecs[0]!.payloadType);
      expect(p.payload.toString()).toBe(`opus frame ${opening + i}`);
      expect(p.seq).toBe((firstAudio.seq + i) & 0xffff);
    });
    for (const p of videoOut()) {
      expect(p.payloadType).toBe(videoConsumer.rtpParameters.codecs[0]!.payloadType);
      expect(p.marker).toBe(true);
      // mediasoup rewrites the picture id; the key frame header after the descriptor comes through untouched.
      expect(p.payload.subarray(4, 14)).toEqual(vp8KeyFramePayload(0, 0).subarray(4, 14));
    }
    expect((await request(MediaCommand.status, {})).transports).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad input with validation_error and another peer with forbidden', async () => {
    const { roomId } = await room();
    const send = await request(MediaCommand.createPlainTransport, { roomId, peerId: 'a', direction: 'send' });
    const recv = await request(MediaCommand.createPlainTransport, { roomId, peerId: 'a', direction: 'recv' });
    const webRtc = await request(MediaCommand.createTransport, { roomId, peerId: 'b', direction: 'recv' });
    const connect = (payload: Record<string, unknown>) =>
      rejectionCode(
        request(MediaCommand.connectPlainTransport, {
          roomId,
          peerId: 'a',
          transportId: recv.id,
          ip: '127.0.0.1',
          port: 40000,
          ...payload,
        } as never),
      );

    expect(await rejectionCode(request(MediaCommand.createPlainTransport, { roomId, peerId: 'a', direction: 'sideways' } as never))).toBe(
      'validation_error',
    );
    expect(
      await rejectionCode(request(MediaCommand.createPlainTransport, { roomId: newId('nowhere'), peerId: 'a', direction: 'send' })),
    ).toBe('not_found');
    expect(await connect({ ip: 'not-an-ip' })).toBe('validation_error');
    expect(await connect({ ip: '127.0.0.1; rm -rf /' })).toBe('validation_error');
    expect(await connect({ port: 0 })).toBe('validation_error');
    expect(await connect({ port: 70000 })).toBe('validation_error');
    expect(await connect({ port: '40000' })).toBe('validation_error');
    expect(await connect({ rtcpPort: 40001 })).toBe('validation_error');
    expect(await connect({ transportId: send.id })).toBe('validation_error');
    expect(await connect({ peerId: 'b' })).toBe('forbidden');
    expect(await connect({ transportId: newId('t').slice(0, 40) })).toBe('not_found');
    expect(
      await rejectionCode(
        request(MediaCommand.connectPlainTransport, { roomId, peerId: 'b', transportId: webRtc.id, ip: '127.0.0.1', port: 40000 }),
      ),
    ).toBe('validation_error');
    expect(
      await rejectionCode(
        request(MediaCommand.connectTransport, { roomId, peerId: 'a', transportId: send.id, dtlsParameters: fakeDtlsParameters }),
      ),
    ).toBe('validation_error');
    expect(await rejectionCode(request(MediaCommand.restartIce, { roomId, peerId: 'a', transportId: recv.id }))).toBe('validation_error');
    expect(
      await rejectionCode(
        request(MediaCommand.produce, {
          roomId,
          peerId: 'a',
          transportId: recv.id,
          kind: 'audio',
          rtpParameters: {
            codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
            encodings: [{ ssrc: 1 }],
          },
        }),
      ),
    ).toBe('validation_error');

    // The good request goes through once; a second connect is the caller's mistake.
    await request(MediaCommand.connectPlainTransport, { roomId, peerId: 'a', transportId: recv.id, ip: '127.0.0.1', port: 40000 });
    expect(await connect({})).toBe('validation_error');
  });

  it('keeps one transport per direction, plain or WebRTC: a new one closes the old, with its producers', async () => {
    const { roomId, opusPt } = await room();
    const first = await request(MediaCommand.createPlainTransport, { roomId, peerId: 'a', direction: 'send' });
    const { producerId } = await request(MediaCommand.produce, {
      roomId,
      peerId: 'a',
      transportId: first.id,
      kind: 'audio',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: opusPt, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 7 }] },
    });
    const closed = nextEvent<[{ roomId: string; peerId: string; producerId: string }]>(
      (listener) => mw.channel.on(MediaNotice.producerClosed, listener),
      5_000,
      (n) => n.producerId === producerId,
    );
    const before = (await request(MediaCommand.status, {})).transports;
    const ports = new Set<number>();
    let last: PlainTransportInfo = first;
    for (let i = 0; i < 10; i++) {
      last = await request(MediaCommand.createPlainTransport, { roomId, peerId: 'a', direction: 'send' });
      ports.add(last.port);
    }
    expect((await request(MediaCommand.status, {})).transports).toBe(before);
    expect((await closed)[0]).toMatchObject({ roomId, peerId: 'a', producerId });
    expect(
      await rejectionCode(
        request(MediaCommand.produce, {
          roomId,
          peerId: 'a',
          transportId: first.id,
          kind: 'audio',
          rtpParameters: {
            codecs: [{ mimeType: 'audio/opus', payloadType: opusPt, clockRate: 48000, channels: 2 }],
            encodings: [{ ssrc: 8 }],
          },
        }),
      ),
    ).toBe('not_found');

    // A WebRTC transport of the same direction replaces the plain one too.
    await request(MediaCommand.createTransport, { roomId, peerId: 'a', direction: 'send' });
    expect((await request(MediaCommand.status, {})).transports).toBe(before);
    expect(
      await rejectionCode(
        request(MediaCommand.connectPlainTransport, { roomId, peerId: 'a', transportId: last.id, ip: '127.0.0.1', port: 40000 }),
      ),
    ).toBe('not_found');
    expect(ports.size).toBeGreaterThan(1);
  });

  it('counts plain peers against the room size', async () => {
    const { roomId } = await room();
    for (let i = 0; i < 4; i++) await request(MediaCommand.createPlainTransport, { roomId, peerId: `p${i}`, direction: 'recv' });
    expect(await rejectionCode(request(MediaCommand.createPlainTransport, { roomId, peerId: 'p4', direction: 'recv' }))).toBe('room_full');
  });
});
