import type { RtpParameters } from '@oac/shared';

/*
 * What a browser would send to produce, for tests that talk to the server's socket directly. The
 * media worker checks these for real; no packet flows, since no browser is there to send one.
 */
export const opusRtpParameters: RtpParameters = {
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } }],
  encodings: [{ ssrc: 11111111 }],
  headerExtensions: [],
  rtcp: { cname: 'test-cname', reducedSize: true },
};

export const vp8RtpParameters: RtpParameters = {
  mid: '1',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
  encodings: [{ ssrc: 22222222 }],
  headerExtensions: [],
  rtcp: { cname: 'test-cname', reducedSize: true },
};
