import { MAX_UPLOAD_BYTES } from '@oac/shared';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting the server reads, with what it means. Nothing else reads `process.env`. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('Runtime mode'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port (0 picks a free one)'),
  HOST: z.string().optional().describe('Interface to listen on; all interfaces when unset'),
  PUBLIC_URL: z.url().optional().describe('Public base URL, used for citizen links and to decide on Secure cookies'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  DATABASE_URL: z.string().min(1).describe('PostgreSQL connection string'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20).describe('Largest PostgreSQL pool size'),
  S3_ENDPOINT: z.url().optional().describe('S3-compatible endpoint; AWS when unset'),
  S3_REGION: z.string().default('eu-west-1').describe('S3 region'),
  S3_BUCKET: z.string().min(3).default('oac-documents').describe('Bucket that holds documents'),
  S3_ACCESS_KEY_ID: z.string().optional().describe('S3 access key; the default AWS chain when unset'),
  S3_SECRET_ACCESS_KEY: z.string().optional().describe('S3 secret key'),
  S3_FORCE_PATH_STYLE: bool.default(true).describe('Path-style bucket addressing (needed by most non-AWS S3 servers)'),
  S3_CHECKSUM_WHEN_REQUIRED: bool
    .default(false)
    .describe('Send and check request checksums only when required (needed by s3rver, which stores chunk framing otherwise)'),
  MEDIA_WORKER_URL: z.url().default('http://127.0.0.1:4001').describe('Where the media worker process listens'),
  MEDIA_WORKER_SECRET: z.string().min(16).describe('Shared secret of the server ↔ media worker channel'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12)
    .describe('Staff session lifetime'),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(5 * 1024 ** 3)
    .default(MAX_UPLOAD_BYTES)
    .describe('Largest document upload in bytes; larger ones get 413'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional()
    .describe('Where booking confirmations are sent from (smtp://user:pass@host:587); no e-mail is sent when unset'),
  MAIL_FROM: z.string().min(3).default('OAC et truca <no-reply@oac.example>').describe('Sender of the e-mails'),
  CLIENT_DIST: z.string().optional().describe('Folder of the built web client; not served when unset'),
});

export type Config = Readonly<z.infer<typeof ConfigSchema> & { cookieSecure: boolean }>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return Object.freeze({ ...parsed.data, cookieSecure: parsed.data.PUBLIC_URL?.startsWith('https:') ?? false });
}

/** The documented keys, for the README and `--help`. */
export function describeConfig(): { key: string; description: string }[] {
  return Object.entries(ConfigSchema.shape).map(([key, schema]) => ({
    key,
    description: schema.description ?? '',
  }));
}
