import {
  CallEvent,
  type IceServer,
  type MediaKind,
  type RtpCapabilities,
  type TransportDirection,
  type TransportOptions,
} from '@oac/shared';
import { Device, type types as ms } from 'mediasoup-client';
import type { TransportConnection } from './phase';
import { request, type CallSocket } from './socket';

/*
 * The server hands mediasoup's own parameters through untouched and checks only their outer
 * shape (shared/media.ts), so the protocol types are looser than mediasoup-client's. This
 * file is the one place where one is taken for the other.
 */
function asMediasoup<T>(value: unknown): T {
  return value as T;
}

/**
 * Three simulcast layers: each receiver gets the one that fits its bandwidth and its tile, and the
 * clerk's large view of the citizen reaches 720p, so that a document held to the camera is
 * readable (issue 13). Three temporal layers in each let mediasoup drop frame rate before size.
 */
const SIMULCAST: RTCRtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' } as RTCRtpEncodingParameters,
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' } as RTCRtpEncodingParameters,
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_500_000, scalabilityMode: 'L1T3' } as RTCRtpEncodingParameters,
];
/** Opus with discontinuous transmission (silence costs nothing) and in-band FEC (a lost packet is rebuilt). */
const OPUS: ms.ProducerCodecOptions = { opusDtx: true, opusFec: true, opusStereo: false };
const VP8: ms.ProducerCodecOptions = { videoGoogleStartBitrate: 1000 };

export interface MediaLinkOptions {
  routerRtpCapabilities: RtpCapabilities;
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
  /** Every change of a transport's ICE+DTLS connection. */
  onConnection(direction: TransportDirection, state: TransportConnection): void;
}

export interface LinkStats {
  /** Kilobits per second sent and received over the last interval. */
  sendKbps: number;
  recvKbps: number;
  /** Share of the packets of the last interval that were lost, 0–1. */
  loss: number;
  /** Milliseconds, from the active candidate pair; null until known. */
  rttMs: number | null;
  /** Video frames decoded per remote producer over the last interval. */
  framesDecoded: Map<string, number>;
}

/*
 * Loading a Device probes the browser with throwaway peer connections, tens of milliseconds. The
 * router's capabilities are the same on every join, so a rejoin (a network change, a media worker
 * restarting, a server restart) reuses the device loaded for the last one.
 */
let lastDevice: { capabilities: string; device: Promise<Device> } | undefined;

function loadedDevice(routerRtpCapabilities: RtpCapabilities): Promise<Device> {
  const capabilities = JSON.stringify(routerRtpCapabilities);
  if (lastDevice?.capabilities !== capabilities) {
    const device = new Device();
    const loading = device.load({ routerRtpCapabilities: asMediasoup<ms.RtpCapabilities>(routerRtpCapabilities) }).then(() => device);
    // A failed load is not kept: the next join tries afresh.
    loading.catch(() => {
      if (lastDevice?.device === loading) lastDevice = undefined;
    });
    lastDevice = { capabilities, device: loading };
  }
  return lastDevice.device;
}

/**
 * One joined call's WebRTC side: a loaded Device, a send and a receive transport, and the
 * producers and consumers on them. It is opened while waiting in the lobby, so that joining the
 * call only starts the media; it is rebuilt from scratch on every rejoin. `close()` is idempotent
 * and closes the transports, which close their producers and consumers.
 */
export class MediaLink {
  readonly #socket: CallSocket;
  readonly #device: Device;
  readonly #transports: Record<TransportDirection, ms.Transport>;
  readonly #producers = new Map<MediaKind, ms.Producer>();
  /** By producer id: the server speaks of producers, never of our consumers. */
  readonly #consumers = new Map<string, ms.Consumer>();
  #last: { at: number; sent: number; received: number; lost: number; got: number; frames: Map<string, number> } | null = null;
  #closed = false;

  private constructor(socket: CallSocket, device: Device, send: ms.Transport, recv: ms.Transport) {
    this.#socket = socket;
    this.#device = device;
    this.#transports = { send, recv };
  }

  static async open(socket: CallSocket, options: MediaLinkOptions): Promise<MediaLink> {
    // Both transports are asked for while the device loads: every round trip saved here is time
    // before the citizen sees the clerk.
    const [device, sendOptions, recvOptions] = await Promise.all([
      loadedDevice(options.routerRtpCapabilities),
      request(socket, CallEvent.createTransport, { direction: 'send' }),
      request(socket, CallEvent.createTransport, { direction: 'recv' }),
    ]);
    const ice = { iceServers: options.iceServers as RTCIceServer[], iceTransportPolicy: options.iceTransportPolicy };
    const send = device.createSendTransport({ ...toTransportOptions(sendOptions), ...ice });
    let recv: ms.Transport;
    try {
      recv = device.createRecvTransport({ ...toTransportOptions(recvOptions), ...ice });
    } catch (error) {
      send.close();
      throw error;
    }
    for (const [direction, transport] of [
      ['send', send],
      ['recv', recv],
    ] as const) {
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        request(socket, CallEvent.connectTransport, { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
      });
      transport.on('connectionstatechange', (state) => options.onConnection(direction, state));
    }
    send.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      request(socket, CallEvent.produce, { transportId: send.id, kind, rtpParameters }).then(
        ({ producerId }) => callback({ id: producerId }),
        errback,
      );
    });
    return new MediaLink(socket, device, send, recv);
  }

  get closed(): boolean {
    return this.#closed;
  }

  canProduce(kind: MediaKind): boolean {
    return this.#device.canProduce(kind);
  }

  connection(direction: TransportDirection): TransportConnection {
    return this.#transports[direction].connectionState;
  }

  /** Sends a local track. The track stays ours: leaving the call must not switch the camera off behind the preview's back. */
  async produce(track: MediaStreamTrack, paused: boolean): Promise<ms.Producer> {
    const kind = track.kind as MediaKind;
    const producer = await this.#transports.send.produce(
      kind === 'video'
        ? { track, stopTracks: false, zeroRtpOnPause: true, encodings: SIMULCAST, codecOptions: VP8 }
        : { track, stopTracks: false, zeroRtpOnPause: true, codecOptions: OPUS },
    );
    this.#producers.set(kind, producer);
    if (paused) await this.setPaused(kind, true);
    return producer;
  }

  /** Stops sending (sent back to the lobby); the transports stay for when we come back. */
  stopProducing(): void {
    for (const producer of this.#producers.values()) producer.close();
    this.#producers.clear();
    for (const consumer of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
  }

  /** Pauses locally first (the camera light goes off at once), then tells the other side. */
  async setPaused(kind: MediaKind, paused: boolean): Promise<void> {
    const producer = this.#producers.get(kind);
    if (!producer || producer.closed) return;
    if (paused) producer.pause();
    else producer.resume();
    await request(this.#socket, CallEvent.setProducerPaused, { producerId: producer.id, paused });
  }

  /** Receives a remote producer: consume (paused on the server), attach, then resume, so no early frame is lost. */
  async consume(producerId: string): Promise<{ consumer: ms.Consumer; producerPaused: boolean }> {
    const options = await request(this.#socket, CallEvent.consume, {
      producerId,
      rtpCapabilities: this.#device.recvRtpCapabilities,
    });
    const consumer = await this.#transports.recv.consume({
      id: options.id,
      producerId: options.producerId,
      kind: options.kind,
      rtpParameters: asMediasoup<ms.RtpParameters>(options.rtpParameters),
    });
    this.#consumers.set(producerId, consumer);
    await request(this.#socket, CallEvent.resumeConsumer, { consumerId: consumer.id });
    return { consumer, producerPaused: options.producerPaused };
  }

  /** The simulcast layer that fits a tile this many CSS pixels wide; the server still drops lower on a thin link. */
  async fitTo(producerId: string, widthPx: number): Promise<void> {
    const consumer = this.#consumers.get(producerId);
    if (!consumer || consumer.kind !== 'video' || consumer.closed) return;
    const spatialLayer = widthPx * devicePixelRatio >= 800 ? 2 : widthPx * devicePixelRatio >= 400 ? 1 : 0;
    await request(this.#socket, CallEvent.setConsumerLayers, { consumerId: consumer.id, spatialLayer });
  }

  /** New ICE credentials from the server, then a fresh ICE negotiation on this transport. */
  async restartIce(direction: TransportDirection): Promise<void> {
    const transport = this.#transports[direction];
    const { iceParameters } = await request(this.#socket, CallEvent.restartIce, { transportId: transport.id });
    await transport.restartIce({ iceParameters: asMediasoup<ms.IceParameters>(iceParameters) });
  }

  closeConsumer(producerId: string): void {
    this.#consumers.get(producerId)?.close();
    this.#consumers.delete(producerId);
  }

  /** Bitrate, loss and round-trip time since the last call, from the transports' getStats(). */
  async stats(): Promise<LinkStats | null> {
    if (this.#closed) return null;
    const [sendReport, recvReport] = await Promise.all([this.#transports.send.getStats(), this.#transports.recv.getStats()]);
    let sent = 0;
    let received = 0;
    let lost = 0;
    let got = 0;
    let rtt: number | null = null;
    const frames = new Map<string, number>();
    for (const [producerId, consumer] of this.#consumers) {
      if (consumer.kind !== 'video' || consumer.closed) continue;
      (await consumer.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp') frames.set(producerId, Number(s.framesDecoded ?? 0));
      });
    }
    for (const report of [sendReport, recvReport]) {
      report.forEach((s: Record<string, unknown>) => {
        if (s.type === 'outbound-rtp') sent += Number(s.bytesSent ?? 0);
        if (s.type === 'inbound-rtp') {
          received += Number(s.bytesReceived ?? 0);
          lost += Math.max(0, Number(s.packetsLost ?? 0));
          got += Number(s.packetsReceived ?? 0);
        }
        if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') {
          rtt = Math.round(s.currentRoundTripTime * 1000);
        }
      });
    }
    const now = performance.now();
    const last = this.#last;
    this.#last = { at: now, sent, received, lost, got, frames };
    if (!last) return null;
    const seconds = Math.max(0.001, (now - last.at) / 1000);
    const packets = got - last.got + (lost - last.lost);
    return {
      sendKbps: Math.round(((sent - last.sent) * 8) / 1000 / seconds),
      recvKbps: Math.round(((received - last.received) * 8) / 1000 / seconds),
      loss: packets > 0 ? Math.max(0, lost - last.lost) / packets : 0,
      rttMs: rtt,
      framesDecoded: new Map([...frames].map(([id, n]) => [id, n - (last.frames.get(id) ?? 0)])),
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#transports.send.close();
    this.#transports.recv.close();
    this.#producers.clear();
    this.#consumers.clear();
  }
}

function toTransportOptions(options: TransportOptions): ms.TransportOptions {
  return {
    id: options.id,
    iceParameters: asMediasoup<ms.IceParameters>(options.iceParameters),
    iceCandidates: asMediasoup<ms.IceCandidate[]>(options.iceCandidates),
    dtlsParameters: asMediasoup<ms.DtlsParameters>(options.dtlsParameters),
  };
}
