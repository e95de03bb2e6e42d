import { randomBytes, randomInt } from 'node:crypto';

/*
 * What one party of a one-to-one call sends, shaped like a browser's streams: about 500 kbit/s of
 * VP8 at 30 frames/s in packets of 1100–1200 bytes, with a key frame every few seconds and on every
 * PLI/FIR, and opus at 50 packets/s of 60–120 bytes. Packets are built once into rings of buffers
 * and only their headers are rewritten before each send. The last 8 bytes of every payload carry the
 * time it was sent (see sentAt), which the SFU forwards untouched, for the one-way delay.
 */
export const VIDEO_BITRATE = 500_000;
export const VIDEO_FPS = 30;
export const VIDEO_CLOCK_RATE = 90_000;
export const VIDEO_PACKET_BYTES = { min: 1100, max: 1200 } as const;
export const KEY_FRAME_INTERVAL_MS = 4_000;
export const KEY_FRAME_PACKETS = 6;
/** A key frame asked for by PLI or FIR is sent at most this often, as an encoder would. */
export const KEY_FRAME_MIN_GAP_MS = 500;
export const AUDIO_PTIME_MS = 20;
export const AUDIO_CLOCK_RATE = 48_000;
export const AUDIO_PACKET_BYTES = { min: 60, max: 120 } as const;

const RTP_HEADER = 12;
/** X, S; then I, L, T; a 15-bit picture id; TL0PICIDX; TID 0 with Y. */
const VP8_DESCRIPTOR = 6;
/** Each ring outlives any send that libuv may still hold queued (a few ms at most). */
const RING = 16;

export interface StreamIds {
  ssrc: number;
  payloadType: number;
}

function ring(min: number, max: number): Buffer[] {
  return Array.from({ length: RING }, () => {
    const buffer = randomBytes(randomInt(min, max + 1));
    buffer[0] = 0x80;
    return buffer;
  });
}

/** Milliseconds on a clock that every thread of the process shares. */
export function clockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** When a packet built here was sent, by clockMs(). */
export function sentAt(packet: Buffer): number {
  return packet.readDoubleLE(packet.length - 8);
}

function writeHeader(buffer: Buffer, marker: boolean, payloadType: number, seq: number, timestamp: number, ssrc: number): void {
  buffer[1] = (marker ? 0x80 : 0) | payloadType;
  buffer.writeUInt16BE(seq, 2);
  buffer.writeUInt32BE(timestamp >>> 0, 4);
  buffer.writeUInt32BE(ssrc, 8);
}

/** One party's VP8 stream: call `frame()` 30 times a second; it returns the frame's packets. */
export class Vp8Stream {
  readonly #ids: StreamIds;
  readonly #buffers = ring(VIDEO_PACKET_BYTES.min, VIDEO_PACKET_BYTES.max);
  readonly #out: Buffer[] = [];
  #next = 0;
  #seq = randomInt(0, 0x10000);
  #timestamp = randomInt(0, 2 ** 32);
  #pictureId = randomInt(0, 0x8000);
  #tl0 = randomInt(0, 0x100);
  /** Bytes the encoder may still spend: a key frame overspends and the next frames make up for it. */
  #budget = 0;
  #lastKeyFrameAt = -Infinity;
  #keyFrameAsked = true;

  constructor(ids: StreamIds) {
    this.#ids = ids;
  }

  requestKeyFrame(): void {
    this.#keyFrameAsked = true;
  }

  /** `nowMs` by performance.now() (key frame timing); `sentMs` by clockMs(), stamped into the packets. */
  frame(nowMs: number, sentMs: number): Buffer[] {
    const due = nowMs - this.#lastKeyFrameAt >= KEY_FRAME_INTERVAL_MS;
    const asked = this.#keyFrameAsked && nowMs - this.#lastKeyFrameAt >= KEY_FRAME_MIN_GAP_MS;
    const key = due || asked;
    if (key) {
      this.#lastKeyFrameAt = nowMs;
      this.#keyFrameAsked = false;
    }
    this.#budget += VIDEO_BITRATE / 8 / VIDEO_FPS;
    const out = this.#out;
    out.length = 0;
    do {
      const buffer = this.#buffers[this.#next]!;
      this.#next = (this.#next + 1) % RING;
      out.push(buffer);
      this.#budget -= buffer.length;
    } while (key ? out.length < KEY_FRAME_PACKETS : this.#budget > VIDEO_PACKET_BYTES.min / 2);
    for (let i = 0; i < out.length; i++) {
      this.#write(out[i]!, i === 0, i === out.length - 1, key);
      out[i]!.writeDoubleLE(sentMs, out[i]!.length - 8);
    }
    this.#timestamp += VIDEO_CLOCK_RATE / VIDEO_FPS;
    this.#pictureId = (this.#pictureId + 1) & 0x7fff;
    this.#tl0 = (this.#tl0 + 1) & 0xff;
    return out;
  }

  #write(buffer: Buffer, first: boolean, last: boolean, key: boolean): void {
    writeHeader(buffer, last, this.#ids.payloadType, this.#seq, this.#timestamp, this.#ids.ssrc);
    this.#seq = (this.#seq + 1) & 0xffff;
    const d = RTP_HEADER;
    buffer[d] = first ? 0x90 : 0x80;
    buffer[d + 1] = 0xe0;
    buffer[d + 2] = 0x80 | (this.#pictureId >> 8);
    buffer[d + 3] = this.#pictureId & 0xff;
    buffer[d + 4] = this.#tl0;
    buffer[d + 5] = 0x20;
    if (!first) return;
    const p = d + VP8_DESCRIPTOR;
    // The frame tag's P bit is 0 on a key frame, which also carries the start code and a size (1280x720).
    buffer[p] = key ? 0x10 : 0x11;
    if (key) buffer.set([0x02, 0x00, 0x9d, 0x01, 0x2a, 0x00, 0x05, 0xd0, 0x02], p + 1);
  }
}

/** One party's opus stream: call `packet()` every 20 ms. */
export class OpusStream {
  readonly #ids: StreamIds;
  readonly #buffers = ring(AUDIO_PACKET_BYTES.min, AUDIO_PACKET_BYTES.max);
  #next = 0;
  #seq = randomInt(0, 0x10000);
  #timestamp = randomInt(0, 2 ** 32);

  constructor(ids: StreamIds) {
    this.#ids = ids;
  }

  packet(sentMs: number): Buffer {
    const buffer = this.#buffers[this.#next]!;
    buffer.writeDoubleLE(sentMs, buffer.length - 8);
    this.#next = (this.#next + 1) % RING;
    writeHeader(buffer, false, this.#ids.payloadType, this.#seq, this.#timestamp, this.#ids.ssrc);
    // TOC: SILK-WB 20 ms, one frame, stereo flag off.
    buffer[RTP_HEADER] = 0x48;
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#timestamp += (AUDIO_CLOCK_RATE * AUDIO_PTIME_MS) / 1000;
    return buffer;
  }
}

/** RTP and RTCP share a port (rtcp-mux); RTCP packet types are 192–223 in the second byte (RFC 5761). */
export function isRtcp(packet: Buffer): boolean {
  const pt = packet[1]!;
  return pt >= 192 && pt <= 223;
}

/** The media SSRCs a compound RTCP packet asks a key frame of, by PLI (RFC 4585) or FIR (RFC 5104). */
export function keyFrameRequests(packet: Buffer): number[] {
  const ssrcs: number[] = [];
  let offset = 0;
  while (offset + 12 <= packet.length) {
    const fmt = packet[offset]! & 0x1f;
    const type = packet[offset + 1]!;
    const bytes = (packet.readUInt16BE(offset + 2) + 1) * 4;
    if (type === 206 && fmt === 1) ssrcs.push(packet.readUInt32BE(offset + 8));
    if (type === 206 && fmt === 4 && offset + 16 <= packet.length) ssrcs.push(packet.readUInt32BE(offset + 12));
    offset += bytes;
  }
  return ssrcs;
}
