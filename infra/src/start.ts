import { DEMO_LOGINS } from '@oac/server';
import { nodeVersionProblem } from '@oac/shared';
import path from 'node:path';
import { REPO_ROOT, startPlatform } from './platform';

// `npm start`: the whole platform on this machine, with demo data.
const nodeProblem = nodeVersionProblem(process.versions.node);
if (nodeProblem) {
  console.error(nodeProblem);
  process.exit(1);
}

const env: Record<string, string | undefined> = { NODE_ENV: 'development', ...process.env };
const seed = env.SEED_DEMO ? env.SEED_DEMO === 'true' : !env.DATABASE_URL;
const platform = await startPlatform({
  env,
  dataDir: path.join(REPO_ROOT, '.data'),
  seed,
  embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT ? Number(env.EMBEDDED_POSTGRES_PORT) : undefined,
}).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

const lines = [
  '',
  `  OAC et truca is running at ${platform.url}`,
  '',
  `  Book an appointment:   ${platform.url}/`,
  `  Staff login:           ${platform.url}/staff/login`,
  `  Health:                ${platform.url}/api/health`,
  `  API (OpenAPI 3):       ${platform.url}/api/openapi.json`,
  '',
];
if (seed) {
  lines.push('  Demo logins:');
  for (const l of DEMO_LOGINS) lines.push(`    ${l.role.padEnd(10)} ${l.email.padEnd(28)} ${l.password}`);
  lines.push('');
}
const embedded = [
  platform.embedded.database && 'PostgreSQL (embedded-postgres)',
  platform.embedded.storage && 'S3 (s3rver)',
  platform.embedded.mail && 'a mail catcher (e-mails land in .data/mail/)',
].filter(Boolean);
if (embedded.length) {
  lines.push(`  FOR DEVELOPMENT ONLY: embedded ${embedded.join(', ')}; data under .data/.`);
  lines.push('  In production set DATABASE_URL, S3_ENDPOINT and SMTP_URL to real servers (see README).');
  lines.push('');
}
if (platform.embedded.media) lines.push('  The media worker runs as a supervised child process.', '');
process.stderr.write(lines.join('\n') + '\n');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void platform.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
