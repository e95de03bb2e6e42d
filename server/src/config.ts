import { MAX_UPLOAD_BYTES, type LifecycleRules } from '@oac/shared';
import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const count = (max: number) => z.coerce.number().int().min(1).max(max);
const millis = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** express's names for address ranges, besides plain addresses and CIDR blocks. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

/** `TRUST_PROXY`: the reverse proxies whose X-Forwarded-For is believed, as a list; none by default. */
const TrustProxy = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '' && e !== 'false'),
  )
  .refine((entries) => entries.every(isProxyEntry), {
    message: 'a comma-separated list of addresses, CIDR blocks, or loopback / linklocal / uniquelocal',
  });

/** A comma-separated list of STUN or TURN URLs (RFC 7064 / 7065). */
const IceUrls = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  )
  .refine((urls) => urls.every((u) => /^(stun|stuns|turn|turns):[^\s]+$/.test(u)), {
    message: 'a comma-separated list of stun:, stuns:, turn: or turns: URLs',
  });

/** Every setting the server reads, with what it means. Nothing else reads `process.env`. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('Runtime mode'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port (0 picks a free one)'),
  HOST: z.string().optional().describe('Interface to listen on; all interfaces when unset'),
  METRICS_TOKEN: z
    .string()
    .min(24)
    .optional()
    .describe('Bearer token that opens /metrics (Prometheus) on the main port; /metrics is not served there without it'),
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe('A separate port that serves /metrics with no token, on METRICS_HOST (0 picks a free one); none when unset'),
  METRICS_HOST: z.string().default('127.0.0.1').describe('Interface of METRICS_PORT: loopback unless the scraper is elsewhere'),
  PUBLIC_URL: z.url().optional().describe('Public base URL, used for citizen links and to decide on Secure cookies'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  DATABASE_URL: z.string().min(1).describe('PostgreSQL connection string'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20).describe('Largest PostgreSQL pool size'),
  DATABASE_CONNECT_TIMEOUT_MS: millis(100, 60_000).default(3_000).describe('How long opening a PostgreSQL connection may take'),
  DATABASE_STATEMENT_TIMEOUT_MS: millis(100, 600_000)
    .default(5_000)
    .describe('PostgreSQL statement_timeout of every request; a frozen server is given this plus 1 s to answer'),
  DATABASE_ACQUIRE_TIMEOUT_MS: millis(100, 60_000).default(3_000).describe('How long a request waits for a free pooled connection'),
  TRUST_PROXY: TrustProxy.describe(
    'Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR blocks, or loopback / linklocal / uniquelocal); none when unset',
  ),
  BOOKINGS_PER_ADDRESS_PER_HOUR: count(100_000).default(20).describe('Bookings one client address may make in an hour'),
  BOOKINGS_PER_EMAIL_PER_DAY: count(10_000).default(5).describe('Bookings one e-mail address may make in a day'),
  ACTIVE_BOOKINGS_PER_EMAIL_AND_SERVICE: count(100)
    .default(1)
    .describe('Upcoming appointments one e-mail address may hold for the same procedure'),
  SCHEDULING_HORIZON_WEEKS: count(52).default(8).describe('How many weeks ahead slots are generated from hours, rosters and procedures'),
  SCHEDULING_REFRESH_HOURS: count(24)
    .default(6)
    .describe('How often every office is regenerated, so the horizon moves on by itself (safe on several nodes)'),
  SURVEY_SAMPLE_RATE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe('The share of resolved tickets whose citizen is asked for a satisfaction survey (0 to 1)'),
  SURVEY_DELAY_MINUTES: count(60 * 24 * 30)
    .default(60)
    .describe('How long after the resolution the survey is due to be e-mailed, if the ticket is still resolved'),
  LIVE_GRACE_SECONDS: count(3_600)
    .default(120)
    .describe('How long a citizen waiting to be attended now keeps their place after closing the page'),
  LIVE_OFFER_SECONDS: count(600).default(30).describe('How long a clerk has to accept the citizen offered to them'),
  LIVE_CALLBACK_ABOVE_MINUTES: count(24 * 60)
    .default(15)
    .describe('Above this estimated wait (minutes), a citizen waiting to be attended now is offered a callback'),
  QUALITY_ANSWER_TARGET_SECONDS: count(3_600)
    .default(120)
    .describe("The quality indicators' service level: the share of citizens attended now within this many seconds"),
  LIVE_TICK_SECONDS: count(60)
    .default(2)
    .describe('How often each node expires offers, lets lapsed pages go and offers free clerks the next citizen'),
  JOIN_WINDOW_MINUTES: count(24 * 60)
    .default(15)
    .describe('How long before the start the citizen may join the call'),
  NO_SHOW_AFTER_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(10)
    .describe('How long after the start a clerk may record a no-show'),
  CHANGE_CUTOFF_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(14 * 24 * 60)
    .default(120)
    .describe('How long before the start the citizen may still cancel or move the appointment'),
  MAIL_POLL_SECONDS: count(3_600).default(2).describe('How often each server node looks for e-mails due to be sent'),
  MAIL_LEASE_SECONDS: count(3_600).default(120).describe('How long a node holds an e-mail it is sending before another may take it over'),
  MAIL_MAX_ATTEMPTS: count(100).default(8).describe('Attempts to send one e-mail before it is given up'),
  REMINDER_OFFSETS_MINUTES: z
    .string()
    .default('1440,60')
    .transform((v) => (v.trim() === '' ? [] : v.split(',').map((m) => Number(m.trim()))))
    .refine((list) => list.every((m) => Number.isInteger(m) && m > 0 && m <= 60 * 24 * 30), {
      message: 'minutes before the start, comma-separated',
    })
    .describe('Reminder e-mails, as minutes before the start (a day and an hour by default); empty for none'),
  LINK_VALID_DAYS: count(3_650).default(30).describe('How many days after the appointment the links in its e-mails still open its page'),
  LOST_LINKS_PER_ADDRESS_PER_HOUR: count(10_000).default(5).describe('Lost-link requests one client address may make in an hour'),
  MAILS_PER_RECIPIENT_PER_HOUR: count(10_000).default(5).describe('E-mails the platform sends one recipient in an hour'),
  SOCKET_EVENTS_PER_SECOND: count(1_000_000).default(20).describe('Signalling messages one socket may send per second, on average'),
  SOCKET_EVENT_BURST: count(1_000_000).default(60).describe('Signalling messages one socket may send at once, above the average'),
  SESSION_RECHECK_SECONDS: count(3_600)
    .default(30)
    .describe('How often open staff sockets are checked against their session (logout, expiry, deactivation)'),
  S3_ENDPOINT: z.url().optional().describe('S3-compatible endpoint; AWS when unset'),
  S3_REGION: z.string().default('eu-west-1').describe('S3 region'),
  S3_BUCKET: z.string().min(3).default('oac-documents').describe('Bucket that holds documents'),
  S3_ACCESS_KEY_ID: z.string().optional().describe('S3 access key; the default AWS chain when unset'),
  S3_SECRET_ACCESS_KEY: z.string().optional().describe('S3 secret key'),
  S3_FORCE_PATH_STYLE: bool.default(true).describe('Path-style bucket addressing (needed by most non-AWS S3 servers)'),
  S3_CHECKSUM_WHEN_REQUIRED: bool
    .default(false)
    .describe('Send and check request checksums only when required (needed by s3rver, which stores chunk framing otherwise)'),
  S3_TIMEOUT_MS: millis(100, 600_000)
    .default(10_000)
    .describe(
      'How long an S3 connection may take to open and an S3 request may sit silent, and (for calls other than uploads) how long a call may take in all; past it the caller gets 503 storage_unavailable',
    ),
  STUN_URLS: IceUrls.describe('STUN servers handed to browsers, comma-separated (stun:host:3478); none by default'),
  TURN_URLS: IceUrls.describe(
    'TURN servers handed to browsers, comma-separated (turn:host:3478?transport=udp,turns:host:443?transport=tcp); none by default',
  ),
  TURN_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe("coturn's static-auth-secret: TURN credentials are made from it per join, in the TURN REST API scheme"),
  TURN_CREDENTIAL_TTL_SECONDS: count(7 * 24 * 3600)
    .default(6 * 3600)
    .describe('How long the TURN credentials of one join stay valid'),
  ICE_TRANSPORT_POLICY: z
    .enum(['all', 'relay'])
    .default('all')
    .describe('"relay" makes every browser send its media through TURN only (for networks that must hide addresses)'),
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
  DOCUMENT_WORKERS: count(64)
    .default(2)
    .describe('Worker threads that parse and check documents, away from the event loop that answers requests'),
  DOCUMENT_TASK_TIMEOUT_MS: millis(1_000, 600_000)
    .default(60_000)
    .describe(
      'How long one document task (an upload check, a stamp, a signature) may run before its worker is terminated (422 document_processing_timeout), and how long it may wait for a free worker (503 document_processing_busy)',
    ),
  DOCUMENT_WORKER_HEAP_MB: z.coerce
    .number()
    .int()
    .min(32)
    .max(16_384)
    .default(256)
    .describe("Each document worker's V8 heap; a task that needs more ends its worker, not the server (422 document_too_complex)"),
  DOCUMENT_MAX_PAGES: count(1_000_000).default(500).describe('Pages an uploaded PDF may have; more get 422 document_too_many_pages'),
  DOCUMENT_MAX_INFLATED_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(64 * 1024 ** 3)
    .default(256 * 1024 * 1024)
    .describe("Bytes that all of an upload's compressed streams may inflate to together; more get 422 document_too_large_inflated"),
  DOCUMENT_MAX_IMAGE_PIXELS: count(4_000_000_000)
    .default(50_000_000)
    .describe('Pixels (width × height) an uploaded image may declare; more get 422 document_image_too_large'),
  DOCUMENT_ACTIVE_CONTENT: z
    .enum(['flag', 'refuse'])
    .default('flag')
    .describe(
      'A PDF with JavaScript or an embedded file: "flag" stores it with its flags, "refuse" refuses it (422 document_active_content)',
    ),
  DOCUMENT_MAX_PROCESS_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(5 * 1024 ** 3)
    .default(50 * 1024 * 1024)
    .describe('Largest document that is read whole to be stamped or signed; larger ones get 413 document_too_large_to_process'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional()
    .describe('Where booking confirmations are sent from (smtp://user:pass@host:587); no e-mail is sent when unset'),
  MAIL_FROM: z.string().min(3).default('OAC et truca <no-reply@oac.example>').describe('Sender of the e-mails'),
  SECURITY_CONTACT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, 'a mailto: or https:// URI')
    .default('mailto:security@oac.example')
    .describe('Where vulnerabilities are reported, published in /.well-known/security.txt (RFC 9116)'),
  CLIENT_DIST: z.string().optional().describe('Folder of the built web client; not served when unset'),
  DRAIN_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600)
    .default(60)
    .describe('On SIGTERM, how long running calls may go on (no new call opens here) before the node stops'),
  DOCUMENT_MAX_FILES_PER_APPOINTMENT: count(1_000)
    .default(30)
    .describe('Documents (with all their versions) one appointment may hold; one more gets 409 document_limit_files'),
  DOCUMENT_MAX_BYTES_PER_APPOINTMENT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 ** 3)
    .default(250 * 1024 * 1024)
    .describe("Bytes of all of one appointment's documents and versions together; past it an upload gets 413 document_limit_bytes"),
  VERIFY_INVALID_PER_HOUR: count(100_000)
    .default(20)
    .describe('Wrong verification codes one client address may try in an hour on /verify before it is refused (429)'),
  DOCUMENT_SWEEP_SECONDS: count(86_400)
    .default(3_600)
    .describe('How often documents past their procedure’s keeping time are deleted, and failed storage deletes retried'),
  SEAL_P12_PATH: z
    .string()
    .min(1)
    .optional()
    .describe("The office seal's PKCS#12 file (key, certificate and chain); required in production, a development CA when unset"),
  SEAL_P12_PASSWORD: z.string().optional().describe('Password of SEAL_P12_PATH'),
  PLATFORM_P12_PATH: z
    .string()
    .min(1)
    .optional()
    .describe("The PKCS#12 that signs citizens' drawn signatures on their behalf; the office seal's when unset"),
  PLATFORM_P12_PASSWORD: z.string().optional().describe('Password of PLATFORM_P12_PATH'),
  DEV_PKI_DIR: z
    .string()
    .min(1)
    .default('.data/pki')
    .describe('Where the development CA and certificates are made at first start when SEAL_P12_PATH is unset'),
  SEAL_TSA_URL: z.url().optional().describe('An RFC 3161 timestamp authority: seals are PAdES B-T with it, B-B without'),
  SEAL_TSA_TIMEOUT_MS: millis(100, 120_000)
    .default(10_000)
    .describe('How long a seal waits for the timestamp authority before failing with timestamp_unavailable'),
});

export type Config = Readonly<
  z.infer<typeof ConfigSchema> & {
    /** The appointment lifecycle's rules, from the three settings above. */
    lifecycle: LifecycleRules;
    cookieSecure: boolean;
    /** The origin of PUBLIC_URL, which every browser request must come from; null when unset (development). */
    publicOrigin: string | null;
  }
>;

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
  const publicUrl = parsed.data.PUBLIC_URL ? new URL(parsed.data.PUBLIC_URL) : null;
  if (parsed.data.TURN_URLS.length > 0 && !parsed.data.TURN_SECRET) {
    throw new ConfigError(['TURN_SECRET: required when TURN_URLS is set (the TURN credentials are made from it)']);
  }
  if (parsed.data.ICE_TRANSPORT_POLICY === 'relay' && parsed.data.TURN_URLS.length === 0) {
    throw new ConfigError(['ICE_TRANSPORT_POLICY: "relay" needs TURN_URLS']);
  }
  return Object.freeze({
    ...parsed.data,
    lifecycle: Object.freeze({
      joinWindowMinutes: parsed.data.JOIN_WINDOW_MINUTES,
      noShowAfterMinutes: parsed.data.NO_SHOW_AFTER_MINUTES,
      changeCutoffMinutes: parsed.data.CHANGE_CUTOFF_MINUTES,
    }),
    cookieSecure: publicUrl?.protocol === 'https:',
    publicOrigin: publicUrl?.origin ?? null,
  });
}

/** The documented keys, for the README and `--help`. */
export function describeConfig(): { key: string; description: string }[] {
  return Object.entries(ConfigSchema.shape).map(([key, schema]) => ({
    key,
    description: schema.description ?? '',
  }));
}
