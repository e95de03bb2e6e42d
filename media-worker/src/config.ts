import { availableParallelism } from 'node:os';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
/** An empty variable (`FOO=`) counts as unset. */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const MediaWorkerConfigSchema = z
  .object({
    MEDIA_WORKER_PORT: port.default(4001).describe('TCP port of the channel on 127.0.0.1; 0 picks a free one'),
    MEDIA_WORKER_SECRET: z.string().min(16).describe('Shared secret the server must present as auth.secret'),
    NUM_WORKERS: z.coerce
      .number()
      .int()
      .min(1)
      .max(64)
      .default(availableParallelism())
      .describe('Number of mediasoup workers (processes); one per core by default'),
    MEDIASOUP_LISTEN_IPS: z
      .string()
      .min(1)
      .default('auto')
      .describe(
        'IPs the WebRTC server listens on, separated by commas. "auto": loopback plus every IPv4 address of this machine ' +
          '(Firefox never pairs with a loopback candidate), or all interfaces when MEDIASOUP_ANNOUNCED_ADDRESS is set',
      ),
    MEDIASOUP_ANNOUNCED_ADDRESS: optionalString.describe(
      'Address or host name announced to browsers instead of the listen IPs, behind NAT; production sets it',
    ),
    RTC_PORT: port
      .default(40000)
      .describe("UDP and TCP port of the first mediasoup worker's WebRTC server; worker i uses RTC_PORT + i. 0: free ports from the range"),
    RTC_MIN_PORT: port.default(40000).describe('Lowest port taken when RTC_PORT is 0'),
    RTC_MAX_PORT: port.default(49999).describe('Highest port taken when RTC_PORT is 0'),
    MEDIASOUP_WORKER_BIN: optionalString.describe(
      'Path of the mediasoup-worker binary; defaults to the one built inside the mediasoup package',
    ),
    MAX_PEERS_PER_ROOM: z.coerce.number().int().min(2).max(64).default(4).describe('Peers one room may hold'),
    MAX_PRODUCERS_PER_PEER: z.coerce.number().int().min(1).max(64).default(4).describe('Streams one peer may send at once'),
    MAX_CONSUMERS_PER_PEER: z.coerce.number().int().min(1).max(256).default(16).describe('Streams one peer may receive at once'),
    MEDIASOUP_LOG_LEVEL: z.enum(['debug', 'warn', 'error', 'none']).default('warn').describe('Log level of the mediasoup workers'),
    LOG_LEVEL: LogLevel.default('info').describe('Log level of this process'),
  })
  .refine((c) => c.RTC_MIN_PORT <= c.RTC_MAX_PORT, { message: 'RTC_MIN_PORT must not exceed RTC_MAX_PORT', path: ['RTC_MIN_PORT'] })
  .refine((c) => c.RTC_PORT + c.NUM_WORKERS - 1 <= 65535, {
    message: 'RTC_PORT + NUM_WORKERS - 1 must be a port (one per worker)',
    path: ['RTC_PORT'],
  });

export type MediaWorkerConfig = Readonly<z.infer<typeof MediaWorkerConfigSchema>>;

/** Parses the environment once at start-up; nothing else in the media worker reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): MediaWorkerConfig {
  const result = MediaWorkerConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid media worker configuration: ${problems}`);
  }
  return Object.freeze(result.data);
}
