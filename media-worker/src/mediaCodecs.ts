import type { types } from 'mediasoup';

/**
 * The codecs every router offers. Opus and VP8 are what every browser sends; H264
 * constrained baseline is there for Safari on older iOS, which may lack VP8.
 */
export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  // Starting at 1 Mbit/s instead of 300 kbit/s, the picture reaches 720p in the first seconds (issue 13).
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];
