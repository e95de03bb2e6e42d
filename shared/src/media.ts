import { z } from 'zod';

/*
 * WebRTC parameters are produced and checked by mediasoup itself; at the edge we only make
 * sure they have the right outer shape, so that a malformed payload is refused with a
 * validation_error instead of reaching the worker.
 */
export const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;

export const DtlsParameters = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.looseObject({ algorithm: z.string(), value: z.string() }))
    .min(1)
    .max(8),
});
export type DtlsParameters = z.infer<typeof DtlsParameters>;

export const RtpParameters = z.looseObject({
  codecs: z
    .array(z.looseObject({ mimeType: z.string(), payloadType: z.number().int(), clockRate: z.number().int() }))
    .min(1)
    .max(32),
  encodings: z.array(z.looseObject({})).max(8).optional(),
  headerExtensions: z.array(z.looseObject({})).max(32).optional(),
  rtcp: z.looseObject({}).optional(),
  mid: z.string().optional(),
});
export type RtpParameters = z.infer<typeof RtpParameters>;

export const RtpCapabilities = z.looseObject({
  codecs: z
    .array(z.looseObject({ mimeType: z.string(), kind: MediaKind }))
    .max(64)
    .optional(),
  headerExtensions: z.array(z.looseObject({})).max(64).optional(),
});
export type RtpCapabilities = z.infer<typeof RtpCapabilities>;

export const TransportDirection = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof TransportDirection>;

/** What a browser needs to open its side of a WebRTC transport. */
export const TransportOptions = z.object({
  id: z.string(),
  iceParameters: z.looseObject({}),
  iceCandidates: z.array(z.looseObject({})),
  dtlsParameters: DtlsParameters,
});
export type TransportOptions = z.infer<typeof TransportOptions>;

export const ConsumerOptions = z.object({
  id: z.string(),
  producerId: z.string(),
  kind: MediaKind,
  rtpParameters: RtpParameters,
  producerPaused: z.boolean(),
});
export type ConsumerOptions = z.infer<typeof ConsumerOptions>;
