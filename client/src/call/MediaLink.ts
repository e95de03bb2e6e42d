import { CallEvent, type MediaKind, type RtpCapabilities, type TransportOptions } from '@oac/shared';
import { Device, type types as ms } from 'mediasoup-client';
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
 * One joined call's WebRTC side: a loaded Device, a send and a receive transport, and the
 * producers and consumers on them. It is rebuilt from scratch on every (re)join; `close()`
 * is idempotent and closes the transports, which close their producers and consumers.
 */
export class MediaLink {
  readonly #socket: CallSocket;
  readonly #device: Device;
  readonly #send: ms.Transport;
  readonly #recv: ms.Transport;
  readonly #producers = new Map<MediaKind, ms.Producer>();
  /** By producer id: the server speaks of producers, never of our consumers. */
  readonly #consumers = new Map<string, ms.Consumer>();
  #closed = false;

  private constructor(socket: CallSocket, device: Device, send: ms.Transport, recv: ms.Transport) {
    this.#socket = socket;
    this.#device = device;
    this.#send = send;
    this.#recv = recv;
  }

  static async open(socket: CallSocket, routerRtpCapabilities: RtpCapabilities, onFailed: () => void): Promise<MediaLink> {
    const device = new Device();
    // Both transports are asked for while the device loads: every round trip saved here is time
    // before the citizen sees the clerk.
    const [, sendOptions, recvOptions] = await Promise.all([
      device.load({ routerRtpCapabilities: asMediasoup<ms.RtpCapabilities>(routerRtpCapabilities) }),
      request(socket, CallEvent.createTransport, { direction: 'send' }),
      request(socket, CallEvent.createTransport, { direction: 'recv' }),
    ]);
    const send = device.createSendTransport(toTransportOptions(sendOptions));
    let recv: ms.Transport;
    try {
      recv = device.createRecvTransport(toTransportOptions(recvOptions));
    } catch (error) {
      send.close();
      throw error;
    }
    for (const transport of [send, recv]) {
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        request(socket, CallEvent.connectTransport, { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
      });
      transport.on('connectionstatechange', (state) => {
        if (state === 'failed') onFailed();
      });
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

  producer(kind: MediaKind): ms.Producer | undefined {
    return this.#producers.get(kind);
  }

  /** Sends a local track. The track stays ours: leaving the call must not switch the camera off behind the preview's back. */
  async produce(track: MediaStreamTrack, paused: boolean): Promise<ms.Producer> {
    const kind = track.kind as MediaKind;
    const producer = await this.#send.produce({ track, stopTracks: false, zeroRtpOnPause: true });
    this.#producers.set(kind, producer);
    if (paused) await this.setPaused(kind, true);
    return producer;
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
    const consumer = await this.#recv.consume({
      id: options.id,
      producerId: options.producerId,
      kind: options.kind,
      rtpParameters: asMediasoup<ms.RtpParameters>(options.rtpParameters),
    });
    this.#consumers.set(producerId, consumer);
    await request(this.#socket, CallEvent.resumeConsumer, { consumerId: consumer.id });
    return { consumer, producerPaused: options.producerPaused };
  }

  closeConsumer(producerId: string): void {
    this.#consumers.get(producerId)?.close();
    this.#consumers.delete(producerId);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#send.close();
    this.#recv.close();
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
