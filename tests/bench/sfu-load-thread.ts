import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { AUDIO_PTIME_MS, clockMs, isRtcp, keyFrameRequests, OpusStream, sentAt, VIDEO_FPS, Vp8Stream, type StreamIds } from './sfu-rtp';

/*
 * The load generator's threads (see sfu-load.ts). The sender owns one connected UDP socket per
 * party, aimed at that party's plain send transport, and sends every party's packets on a 5 ms tick;
 * it answers the SFU's PLI/FIR with key frames. The receiver owns a few big-buffered sockets that
 * the sampled calls' receive transports send to, and counts each consumer's packets and sequence
 * numbers. The other calls' receive transports, if any, send to the sink's sockets, which nobody
 * reads: the kernel drops what arrives there and counts it.
 *
 * Parties and streams belong to a group (one per SFU under test): a group can be paused, so that
 * both SFUs hold the same calls and take turns at carrying them, and every count is kept per group.
 */

export interface PartySpec {
  id: number;
  group: number;
  /** Whether the party's call is one whose consumers the receiver reads. */
  sampled: boolean;
  ip: string;
  port: number;
  audio: StreamIds;
  video: StreamIds;
}

export type SenderCommand =
  | { type: 'add'; party: PartySpec; requestId: number }
  | { type: 'pause' | 'resume'; group: number; requestId: number }
  | { type: 'stats'; group: number; requestId: number };

export type ReceiverCommand =
  { type: 'expect'; ssrc: number; group: number } | { type: 'mark'; group: number } | { type: 'stats'; group: number; requestId: number };

/** This thread's own CPU time so far, in seconds, from /proc/thread-self/stat. */
export interface ThreadCpu {
  userSeconds: number;
  systemSeconds: number;
}

function threadCpu(): ThreadCpu {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Clock ticks are 100 a second on Linux (USER_HZ); fields 14 and 15 of the line.
  return { userSeconds: Number(fields[11]) / 100, systemSeconds: Number(fields[12]) / 100 };
}

/** One group's totals since the start, with the thread's CPU and its worst lateness since the last stats. */
export interface SenderStats extends ThreadCpu {
  packets: number;
  /** Packets of the sampled calls' parties, which their consumers should all deliver to the receiver. */
  sampledPackets: number;
  videoPackets: number;
  videoBytes: number;
  audioPackets: number;
  audioBytes: number;
  keyFrames: number;
  keyFrameRequests: number;
  /** How far behind schedule the worst packet of any group went out since the last stats. */
  maxLateMs: number;
  /** Packets dropped because the thread fell more than MAX_CATCH_UP_MS behind. */
  skipped: number;
  sendErrors: number;
}

/** One group's totals since the start, and the thread's CPU. */
export interface ReceiverStats extends ThreadCpu {
  /** RTP packets received from the group's consumer streams, and expected from their sequence numbers. */
  received: number;
  expected: number;
  /** The group's streams known at its last mark that have received nothing since. */
  silentSinceMark: number;
  /** One-way delay, generator to SFU to generator, of the group's packets since its last mark, in ms. */
  delayMs: { p50: number; p99: number; max: number } | null;
  /** Over every group: RTCP packets, and RTP packets whose SSRC is no consumer's. */
  rtcp: number;
  unknown: number;
}

export type ThreadReply = { requestId: number; result: unknown };

const TICK_MS = 5;
const MAX_STREAMS = 16_384;
const MAX_CATCH_UP_MS = 200;
/** The delay histogram's buckets: a tenth of a millisecond each, up to two seconds. */
const DELAY_BUCKET_MS = 0.1;
const DELAY_BUCKETS = 20_000;
const FRAME_MS = 1000 / VIDEO_FPS;

interface ThreadConfig {
  role: 'sender' | 'receiver' | 'sink';
  receiverSockets: number;
  sinkSockets: number;
  /** For the sink: set to 1 (and notified) to let the thread end. */
  stop?: SharedArrayBuffer;
  bufferBytes: number;
}

const config = workerData as ThreadConfig;
const port = parentPort!;
const reply = (requestId: number, result: unknown) => port.postMessage({ requestId, result } satisfies ThreadReply);

interface Party {
  socket: Socket;
  stats: GroupSendStats;
  sampled: boolean;
  audio: OpusStream;
  video: Vp8Stream;
  videoSsrc: number;
  nextAudioAt: number;
  nextFrameAt: number;
}

type GroupSendStats = Omit<SenderStats, keyof ThreadCpu | 'maxLateMs'>;

function runSender(): void {
  const groups = new Map<number, { parties: Party[]; paused: boolean; stats: GroupSendStats }>();
  const group = (id: number) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { parties: [], paused: false, stats: zeroSendStats() }));
    return g;
  };
  let maxLateMs = 0;
  // No callback per packet: it costs a closure and a JS call each; a failed send emits 'error' instead.
  const send = (party: Party, packet: Buffer) => {
    party.socket.send(packet);
    party.stats.packets++;
    if (party.sampled) party.stats.sampledPackets++;
  };

  const runParty = (party: Party, now: number, sentMs: number) => {
    if (now - party.nextAudioAt > MAX_CATCH_UP_MS || now - party.nextFrameAt > MAX_CATCH_UP_MS) {
      party.stats.skipped += Math.max(0, Math.floor((now - party.nextAudioAt) / AUDIO_PTIME_MS));
      party.nextAudioAt = now;
      party.nextFrameAt = now;
    }
    while (party.nextAudioAt <= now) {
      maxLateMs = Math.max(maxLateMs, now - party.nextAudioAt);
      const packet = party.audio.packet(sentMs);
      send(party, packet);
      party.stats.audioPackets++;
      party.stats.audioBytes += packet.length;
      party.nextAudioAt += AUDIO_PTIME_MS;
    }
    while (party.nextFrameAt <= now) {
      maxLateMs = Math.max(maxLateMs, now - party.nextFrameAt);
      const packets = party.video.frame(now, sentMs);
      if (packets.length > 2) party.stats.keyFrames++;
      for (const packet of packets) {
        send(party, packet);
        party.stats.videoPackets++;
        party.stats.videoBytes += packet.length;
      }
      party.nextFrameAt += FRAME_MS;
    }
  };
  setInterval(() => {
    const now = performance.now();
    const sentMs = clockMs();
    for (const g of groups.values()) if (!g.paused) for (const party of g.parties) runParty(party, now, sentMs);
  }, TICK_MS);

  const add = (spec: PartySpec, requestId: number) => {
    const socket = createSocket('udp4');
    const g = group(spec.group);
    socket.on('error', () => g.stats.sendErrors++);
    socket.bind(0, '127.0.0.1', () => {
      socket.setSendBufferSize(config.bufferBytes);
      socket.connect(spec.port, spec.ip, () => {
        // Spread the parties over the frame and packet intervals, as independent browsers are.
        const start = performance.now();
        const party: Party = {
          socket,
          stats: g.stats,
          sampled: spec.sampled,
          audio: new OpusStream(spec.audio),
          video: new Vp8Stream(spec.video),
          videoSsrc: spec.video.ssrc,
          nextAudioAt: start + Math.random() * AUDIO_PTIME_MS,
          nextFrameAt: start + Math.random() * FRAME_MS,
        };
        // RTCP from the SFU comes back to this socket: receiver reports, NACKs, and PLI/FIR.
        socket.on('message', (packet) => {
          if (!isRtcp(packet)) return;
          for (const ssrc of keyFrameRequests(packet)) {
            if (ssrc !== party.videoSsrc) continue;
            g.stats.keyFrameRequests++;
            party.video.requestKeyFrame();
          }
        });
        g.parties.push(party);
        reply(requestId, socket.address().port);
      });
    });
  };

  port.on('message', (command: SenderCommand) => {
    switch (command.type) {
      case 'add':
        return add(command.party, command.requestId);
      case 'pause':
      case 'resume': {
        const g = group(command.group);
        g.paused = command.type === 'pause';
        // A resumed party starts afresh rather than catching up on the time it was paused.
        const now = performance.now();
        for (const party of g.parties) {
          party.nextAudioAt = now + Math.random() * AUDIO_PTIME_MS;
          party.nextFrameAt = now + Math.random() * FRAME_MS;
        }
        return reply(command.requestId, null);
      }
      case 'stats':
        reply(command.requestId, { ...group(command.group).stats, maxLateMs, ...threadCpu() } satisfies SenderStats);
        maxLateMs = 0;
    }
  });
}

function zeroSendStats(): GroupSendStats {
  return {
    packets: 0,
    sampledPackets: 0,
    videoPackets: 0,
    videoBytes: 0,
    audioPackets: 0,
    audioBytes: 0,
    keyFrames: 0,
    keyFrameRequests: 0,
    skipped: 0,
    sendErrors: 0,
  };
}

async function runReceiver(): Promise<void> {
  const index = new Map<number, number>();
  const groupOf = new Int32Array(MAX_STREAMS);
  const received = new Float64Array(MAX_STREAMS);
  const base = new Float64Array(MAX_STREAMS);
  const highest = new Float64Array(MAX_STREAMS);
  const atMark = new Float64Array(MAX_STREAMS);
  const marked = new Uint8Array(MAX_STREAMS);
  const started = new Uint8Array(MAX_STREAMS);
  let streams = 0;
  let rtcp = 0;
  let unknown = 0;
  /** Per group, since its last mark. */
  const delays = new Map<number, { histogram: Uint32Array; max: number }>();
  const delaysOf = (group: number) => {
    let d = delays.get(group);
    if (!d) delays.set(group, (d = { histogram: new Uint32Array(DELAY_BUCKETS), max: 0 }));
    return d;
  };

  const onPacket = (packet: Buffer) => {
    if (packet.length < 12) return;
    if (isRtcp(packet)) {
      rtcp++;
      return;
    }
    const i = index.get(packet.readUInt32BE(8));
    if (i === undefined) {
      unknown++;
      return;
    }
    const seq = packet.readUInt16BE(2);
    if (!started[i]) {
      started[i] = 1;
      base[i] = seq;
      highest[i] = seq;
    } else {
      // Extend the 16-bit sequence number; a step back is a late or repeated packet.
      const delta = (seq - highest[i]!) & 0xffff;
      if (delta < 0x8000) highest[i] = highest[i]! + delta;
    }
    received[i]!++;
    const delay = clockMs() - sentAt(packet);
    const d = delaysOf(groupOf[i]!);
    d.histogram[Math.min(DELAY_BUCKETS - 1, Math.max(0, Math.floor(delay / DELAY_BUCKET_MS)))]!++;
    if (delay > d.max) d.max = delay;
  };

  const ports: number[] = [];
  for (let s = 0; s < config.receiverSockets; s++) {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    socket.setRecvBufferSize(config.bufferBytes);
    socket.on('message', onPacket);
    ports.push(socket.address().port);
  }
  port.postMessage({ ready: ports });

  port.on('message', (command: ReceiverCommand) => {
    switch (command.type) {
      case 'expect': {
        const i = streams++;
        index.set(command.ssrc, i);
        groupOf[i] = command.group;
        return;
      }
      case 'mark':
        delays.set(command.group, { histogram: new Uint32Array(DELAY_BUCKETS), max: 0 });
        for (let i = 0; i < streams; i++) {
          marked[i] = groupOf[i] === command.group ? 1 : 0;
          atMark[i] = received[i]!;
        }
        return;
      case 'stats': {
        const result: ReceiverStats = {
          received: 0,
          expected: 0,
          silentSinceMark: 0,
          delayMs: percentiles(delaysOf(command.group)),
          rtcp,
          unknown,
          ...threadCpu(),
        };
        for (let i = 0; i < streams; i++) {
          if (groupOf[i] !== command.group) continue;
          result.received += received[i]!;
          if (started[i]) result.expected += highest[i]! - base[i]! + 1;
          if (marked[i] && received[i] === atMark[i]) result.silentSinceMark++;
        }
        reply(command.requestId, result);
      }
    }
  });
}

function percentiles({ histogram, max }: { histogram: Uint32Array; max: number }): ReceiverStats['delayMs'] {
  let total = 0;
  for (const n of histogram) total += n;
  if (total === 0) return null;
  const at = (q: number) => {
    let seen = 0;
    for (let b = 0; b < histogram.length; b++) {
      seen += histogram[b]!;
      if (seen >= q * total) return Math.round((b + 1) * DELAY_BUCKET_MS * 10) / 10;
    }
    return max;
  };
  return { p50: at(0.5), p99: at(0.99), max: Math.round(max * 10) / 10 };
}

/**
 * Binds the sink sockets, then blocks in Atomics.wait, so that its event loop never reads them: Node
 * reads every bound UDP socket it runs. Each sink holds the smallest buffer the kernel allows, so it
 * drops what arrives at once and counts it in /proc/net/udp.
 */
async function runSink(): Promise<void> {
  const sockets: Socket[] = [];
  for (let s = 0; s < config.sinkSockets; s++) {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    socket.setRecvBufferSize(1);
    sockets.push(socket);
  }
  port.postMessage({ ready: sockets.map((socket) => socket.address().port) });
  const stop = new Int32Array(config.stop!);
  while (Atomics.load(stop, 0) === 0) Atomics.wait(stop, 0, 0, 1_000);
  for (const socket of sockets) socket.close();
}

if (config.role === 'sender') runSender();
else if (config.role === 'receiver') void runReceiver();
else void runSink();
