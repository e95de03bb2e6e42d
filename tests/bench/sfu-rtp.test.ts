import { describe, expect, it } from 'vitest';
import { isRtcp, keyFrameRequests, OpusStream, sentAt, VIDEO_BITRATE, VIDEO_FPS, Vp8Stream } from './sfu-rtp';

const seqOf = (p: Buffer) => p.readUInt16BE(2);
const tsOf = (p: Buffer) => p.readUInt32BE(4);
const isKeyFrameStart = (p: Buffer) =>
  (p[12]! & 0x10) !== 0 && (p[18]! & 0x01) === 0 && p.subarray(21, 24).equals(Buffer.from([0x9d, 0x01, 0x2a]));

describe('Vp8Stream', () => {
  it('sends about 500 kbit/s at 30 frames/s in 1100–1200 byte packets, a key frame first and every few seconds', () => {
    const stream = new Vp8Stream({ ssrc: 0x2222, payloadType: 96 });
    const frames = Array.from({ length: 30 * 10 }, (_, i) => stream.frame((i * 1000) / VIDEO_FPS, 0).map((p) => Buffer.from(p)));
    const packets = frames.flat();
    const bits = packets.reduce((sum, p) => sum + p.length * 8, 0);
    expect(bits / 10).toBeGreaterThan(0.95 * VIDEO_BITRATE);
    expect(bits / 10).toBeLessThan(1.05 * VIDEO_BITRATE);
    for (const p of packets) {
      expect(p.length).toBeGreaterThanOrEqual(1100);
      expect(p.length).toBeLessThanOrEqual(1200);
      expect(p[0]).toBe(0x80);
      expect(p[1]! & 0x7f).toBe(96);
      expect(p.readUInt32BE(8)).toBe(0x2222);
    }
    for (let i = 1; i < packets.length; i++) expect(seqOf(packets[i]!)).toBe((seqOf(packets[i - 1]!) + 1) & 0xffff);
    frames.forEach((frame, i) => {
      // One timestamp per frame, 3000 ticks of 90 kHz apart; the marker bit on its last packet only.
      for (const p of frame) expect(tsOf(p)).toBe((tsOf(frames[0]![0]!) + 3000 * i) >>> 0);
      frame.forEach((p, j) => expect((p[1]! & 0x80) !== 0).toBe(j === frame.length - 1));
      // The start bit on the first packet, with a two-byte picture id that counts frames.
      expect(frame.map((p) => p[12])).toEqual(frame.map((_, j) => (j === 0 ? 0x90 : 0x80)));
      expect(frame[0]!.readUInt16BE(14) & 0x7fff).toBe(((frames[0]![0]!.readUInt16BE(14) & 0x7fff) + i) & 0x7fff);
    });
    const keyFrames = frames.filter((frame) => isKeyFrameStart(frame[0]!));
    expect(isKeyFrameStart(frames[0]![0]!)).toBe(true);
    expect(keyFrames.length).toBeGreaterThanOrEqual(3);
    expect(keyFrames.length).toBeLessThanOrEqual(4);
  });

  it('answers a key frame request with the next frame, but not more than twice a second', () => {
    const stream = new Vp8Stream({ ssrc: 1, payloadType: 96 });
    const key = (at: number) => isKeyFrameStart(stream.frame(at, 0)[0]!);
    expect(key(0)).toBe(true);
    stream.requestKeyFrame();
    // Asked for 100 ms after a key frame: held back until half a second has passed, then sent.
    expect(key(100)).toBe(false);
    expect(key(500)).toBe(true);
    expect(key(1000)).toBe(false);
    stream.requestKeyFrame();
    expect(key(1100)).toBe(true);
    expect(key(1200)).toBe(false);
  });

  it('stamps every packet with the time it was sent', () => {
    const stream = new Vp8Stream({ ssrc: 1, payloadType: 96 });
    for (const p of stream.frame(0, 12345.678)) expect(sentAt(p)).toBe(12345.678);
  });
});

describe('OpusStream', () => {
  it('sends 60–120 byte packets 960 ticks of 48 kHz apart', () => {
    const stream = new OpusStream({ ssrc: 0x1111, payloadType: 111 });
    const packets = Array.from({ length: 100 }, (_, i) => Buffer.from(stream.packet(i)));
    packets.forEach((p, i) => {
      expect(p.length).toBeGreaterThanOrEqual(60);
      expect(p.length).toBeLessThanOrEqual(120);
      expect(p[1]).toBe(111);
      expect(tsOf(p)).toBe((tsOf(packets[0]!) + 960 * i) >>> 0);
      expect(seqOf(p)).toBe((seqOf(packets[0]!) + i) & 0xffff);
      expect(sentAt(p)).toBe(i);
    });
  });
});

describe('keyFrameRequests', () => {
  it('finds the media SSRC of a PLI and of a FIR inside a compound RTCP packet', () => {
    const rr = Buffer.from([0x80, 201, 0x00, 0x01, 0, 0, 0, 9]);
    const pli = Buffer.from([0x81, 206, 0x00, 0x02, 0, 0, 0, 9, 0x00, 0x00, 0x22, 0x22]);
    const fir = Buffer.from([0x84, 206, 0x00, 0x04, 0, 0, 0, 9, 0, 0, 0, 0, 0x00, 0x00, 0x33, 0x33, 1, 0, 0, 0]);
    const nack = Buffer.from([0x81, 205, 0x00, 0x03, 0, 0, 0, 9, 0x00, 0x00, 0x44, 0x44, 0, 1, 0, 0]);
    const compound = Buffer.concat([rr, pli, nack, fir]);
    expect(isRtcp(compound)).toBe(true);
    expect(keyFrameRequests(compound)).toEqual([0x2222, 0x3333]);
    expect(keyFrameRequests(Buffer.concat([rr, nack]))).toEqual([]);
  });

  it('tells RTCP from RTP on a shared port', () => {
    expect(isRtcp(Buffer.from([0x80, 96, 0, 1]))).toBe(false);
    expect(isRtcp(Buffer.from([0x80, 0x80 | 96, 0, 1]))).toBe(false);
    expect(isRtcp(Buffer.from([0x80, 200, 0, 6]))).toBe(true);
  });
});
