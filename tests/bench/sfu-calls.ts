import type { RtpCapabilities, RtpParameters } from '@oac/shared';
import type { LoadGenerator } from './sfu-load';
import type { SfuUnderTest } from './sfu-targets';

/*
 * One one-to-one call of the capacity bench: a room (one router), two parties, each with a plain
 * send transport carrying its opus and VP8 producers and a plain receive transport carrying its
 * consumers of the other party's two producers.
 */

const GENERATOR_IP = '127.0.0.1';
const VIDEO_FEEDBACK = [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }];

interface Codecs {
  opus: number;
  vp8: number;
  /** What a party can receive: the router's opus, VP8 and VP8's RTX, without bandwidth estimation feedback. */
  receive: RtpCapabilities;
}

/** The router's payload types, so that the generator's packets carry what the router expects. */
export function callCodecs(routerCapabilities: RtpCapabilities): Codecs {
  const codecs = routerCapabilities.codecs ?? [];
  const find = (mimeType: string) => {
    const codec = codecs.find((c) => c.mimeType.toLowerCase() === mimeType);
    if (!codec) throw new Error(`the router offers no ${mimeType}`);
    return codec;
  };
  const opus = find('audio/opus');
  const vp8 = find('video/vp8');
  const vp8Pt = vp8['preferredPayloadType'] as number;
  const rtx = codecs.find((c) => c.mimeType.toLowerCase() === 'video/rtx' && (c['parameters'] as { apt?: number })?.apt === vp8Pt);
  // No transport-cc or REMB: the generator sends no feedback, and a plain peer (a phone gateway) would not either.
  const withoutBwe = (codec: (typeof codecs)[number]) => ({
    ...codec,
    rtcpFeedback: ((codec['rtcpFeedback'] as { type: string }[] | undefined) ?? []).filter(
      (fb) => fb.type !== 'transport-cc' && fb.type !== 'goog-remb',
    ),
  });
  return {
    opus: opus['preferredPayloadType'] as number,
    vp8: vp8Pt,
    receive: { codecs: [opus, vp8, ...(rtx ? [rtx] : [])].map(withoutBwe), headerExtensions: [] },
  };
}

function opusParameters(payloadType: number, ssrc: number, cname: string): RtpParameters {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }],
    encodings: [{ ssrc }],
    rtcp: { cname, reducedSize: true },
  };
}

function vp8Parameters(payloadType: number, ssrc: number, cname: string): RtpParameters {
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType, clockRate: 90000, rtcpFeedback: VIDEO_FEEDBACK }],
    encodings: [{ ssrc }],
    rtcp: { cname, reducedSize: true },
  };
}

/** Party ids (and so SSRCs) of one group stay below this, so that no two streams of a run share one. */
const PARTIES_PER_GROUP = 100_000;

/**
 * Opens call `n` of generator group `group`: both parties send from the generator (unless the group
 * is paused) and receive at it once this resolves. A sampled call's consumers are read and counted;
 * the others' go to the generator's sinks.
 */
export async function openCall(sfu: SfuUnderTest, generator: LoadGenerator, group: number, n: number, sampled: boolean): Promise<void> {
  const roomId = `sfu-bench-${n}`;
  const codecs = callCodecs(await sfu.openRoom(roomId));
  const parties = await Promise.all(
    [0, 1].map(async (k) => {
      const id = group * PARTIES_PER_GROUP + 2 * n + k;
      const peerId = `party-${k}`;
      const [send, recv] = await Promise.all([sfu.plainTransport(roomId, peerId, 'send'), sfu.plainTransport(roomId, peerId, 'recv')]);
      await sfu.connect(roomId, peerId, recv.id, GENERATOR_IP, generator.receiverPortFor(id, sampled));
      // SSRCs unique across the run, so that the receiver can tell every stream apart.
      const audio = { ssrc: 0x10000000 + 2 * id, payloadType: codecs.opus };
      const video = { ssrc: 0x10000000 + 2 * id + 1, payloadType: codecs.vp8 };
      const cname = `${roomId}-${peerId}`;
      const producers = await Promise.all([
        sfu.produce(roomId, peerId, send.id, 'audio', opusParameters(audio.payloadType, audio.ssrc, cname)),
        sfu.produce(roomId, peerId, send.id, 'video', vp8Parameters(video.payloadType, video.ssrc, cname)),
      ]);
      await generator.addParty({ id, group, sampled, ip: send.ip, port: send.port, audio, video });
      return { peerId, producers };
    }),
  );
  const [a, b] = parties as [(typeof parties)[number], (typeof parties)[number]];
  for (const [me, other] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const producerId of other.producers) {
      const { ssrc } = await sfu.consume(roomId, me.peerId, producerId, codecs.receive);
      if (sampled) generator.expect(ssrc, group);
    }
  }
}
