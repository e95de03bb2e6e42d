// `npm run bench [-- <name>]`: the platform's targets, each measured against a baseline taken in the
// same run, because these machines are noisy. Names: booking, upload, calls; all of them when none is
// given. Prints a table, writes bench/results/<name>.json, and exits non-zero only if a correctness
// check fails.
import { startEmbeddedS3, startEmbeddedSmtp } from '@oac/infra/embedded';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerFor } from '../support/context';
import { REPO_ROOT } from '../support/context';
import { catalogue, makeSlot } from '../support/http';
import { resolveTestPostgres } from '../support/postgres';
import { benchBooking } from './booking';
import { measureJoinLatency } from './join-latency';

const NAMES = ['booking', 'upload', 'calls'] as const;
type BenchName = (typeof NAMES)[number];
const asked = process.argv[2];
if (asked !== undefined && !(NAMES as readonly string[]).includes(asked)) {
  console.error(`unknown bench "${asked}"; one of: ${NAMES.join(', ')}`);
  process.exit(2);
}
const selected = new Set<BenchName>(asked ? [asked as BenchName] : NAMES);
const resultsDir = path.join(REPO_ROOT, 'bench', 'results');
function writeResult(name: BenchName, result: object): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    path.join(resultsDir, `${name}.json`),
    JSON.stringify({ bench: name, at: new Date().toISOString(), ...result }, null, 2) + '\n',
  );
}

interface Row {
  bench: string;
  measure: string;
  baseline: string;
  result: string;
  check: string;
}

const rows: Row[] = [];
let failed = false;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Streams a multipart upload of `size` bytes without ever holding it, and samples this process's RSS meanwhile. */
async function streamedUpload(url: string, appointmentId: string, token: string, size: number) {
  const boundary = `----oacbench${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(head);
    },
    pull(c) {
      if (sent >= size) {
        c.enqueue(tail);
        c.close();
        return;
      }
      const n = Math.min(chunk.length, size - sent);
      sent += n;
      c.enqueue(chunk.subarray(0, n));
    },
  });
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  const res = await fetch(`${url}/api/appointments/${appointmentId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
  } as RequestInit);
  const json = (await res.json()) as { sizeBytes?: number };
  clearInterval(sampler);
  return { status: res.status, ms: performance.now() - started, peakDeltaMb: (peak - before) / 1024 ** 2, stored: json.sizeBytes ?? 0 };
}

const pg = await resolveTestPostgres();
const s3Dir = mkdtempSync(path.join(os.tmpdir(), 'oac-bench-s3-'));
const s3 = await startEmbeddedS3({ dataDir: s3Dir, port: 0, bucket: 'oac-bench' });
// Mail is on, as in production, so a booking pays for its outbox rows; the worker does not send here.
const smtp = await startEmbeddedSmtp({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'oac-bench-mail-')), port: 0 });
const t = await startServerFor({
  pgAdminUrl: pg.adminUrl,
  s3Endpoint: s3.endpoint,
  media: selected.has('calls'),
  clientDist: selected.has('calls'),
  env: {
    UPLOAD_MAX_BYTES: String(256 * 1024 ** 2),
    DATABASE_POOL_MAX: '20',
    SMTP_URL: smtp.url,
    MAIL_POLL_SECONDS: '3600',
    LOG_LEVEL: 'warn',
    // The bench's contenders each come from an address of their own, through the loopback proxy.
    TRUST_PROXY: 'loopback',
  },
});
try {
  const ids = await catalogue(t.db);
  const office = ids.office('oac-ciutat-vella');
  const service = ids.service('PADRO');

  if (selected.has('booking')) {
    const { result, rows: table } = await benchBooking(t);
    failed ||= result.double_bookings !== 0 || result.one_slot.winners !== 1;
    for (const [bench, measure, baseline, res, check] of table)
      rows.push({ bench: bench!, measure: measure!, baseline: baseline!, result: res!, check: check! });
    writeResult('booking', result);
  }

  if (selected.has('upload')) {
    // A 200 MB upload streams to S3 in flat memory.
    // The bench books its own appointment to get a citizen token (tokens are stored only hashed).
    const token = await (async () => {
      const s = await makeSlot(t.db, office, 9 * 24 * 60);
      const r = await fetch(`${t.url}/api/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ slotId: s, serviceId: service, name: 'Bench Upload', email: 'bench@example.org' }),
      });
      return (await r.json()) as { token: string; appointment: { id: string } };
    })();
    const small = await streamedUpload(t.url, token.appointment.id, token.token, 50 * 1024 ** 2);
    const big = await streamedUpload(t.url, token.appointment.id, token.token, 200 * 1024 ** 2);
    const flat = big.status === 201 && big.stored > 200 * 1024 ** 2 && big.peakDeltaMb < small.peakDeltaMb + 64;
    failed ||= !flat;
    rows.push({
      bench: '200 MB upload to S3',
      measure: 'peak RSS growth, time',
      baseline: `50 MB upload: +${small.peakDeltaMb.toFixed(1)} MB, ${small.ms.toFixed(0)} ms`,
      result: `+${big.peakDeltaMb.toFixed(1)} MB, ${big.ms.toFixed(0)} ms (${((200 / big.ms) * 1000).toFixed(0)} MB/s)`,
      check: `status ${big.status}; 4× the bytes, growth within baseline + 64 MB: ${flat ? 'OK' : 'FAIL'}`,
    });
    writeResult('upload', {
      upload_200mb_peak_rss_growth_mb: Number(big.peakDeltaMb.toFixed(1)),
      upload_50mb_peak_rss_growth_mb: Number(small.peakDeltaMb.toFixed(1)),
      upload_200mb_ms: Math.round(big.ms),
    });
  }

  if (selected.has('calls')) {
    // 3. A citizen sees the clerk's video within 0.4 s of pressing Join.
    const { joins, loopback, workerRecovery, networkRecovery } = await measureJoinLatency(t, 7);
    const sortedJoins = [...joins].sort((a, b) => a - b);
    const sortedLoop = [...loopback].sort((a, b) => a - b);
    const joinedAll = joins.every((ms) => ms >= 0);
    failed ||= !joinedAll;
    rows.push({
      bench: 'Join → first decoded clerk frame',
      measure: `p50 / max of ${joins.length} joins`,
      baseline: `in-page WebRTC loopback: p50 ${percentile(sortedLoop, 50).toFixed(0)} / max ${sortedLoop.at(-1)!.toFixed(0)} ms`,
      result: `p50 ${percentile(sortedJoins, 50).toFixed(0)} / max ${sortedJoins.at(-1)!.toFixed(0)} ms`,
      check: `${joinedAll ? 'every join got video' : 'FAIL: a join got no video'}; target 400 ms: ${percentile(sortedJoins, 50) <= 400 ? 'met' : 'not yet met'}`,
    });

    // 4. A call survives a Wi-Fi drop and is back within 5 s.
    const reconnected = networkRecovery.every((ms) => ms >= 0);
    failed ||= !reconnected;
    rows.push({
      bench: 'Citizen offline 2 s → video back',
      measure: `from back online, each of ${networkRecovery.length} drops`,
      baseline: `a fresh join: p50 ${percentile(sortedJoins, 50).toFixed(0)} ms`,
      result: networkRecovery.map((ms) => (ms < 0 ? 'never' : `${ms} ms`)).join(', '),
      check: `${reconnected ? 'came back every time' : 'FAIL: did not come back'}; target 5000 ms: ${reconnected && Math.max(...networkRecovery) <= 5000 ? 'met' : 'not met'}`,
    });

    // 5. A call is back within 5 s after a media worker crash.
    const recovered = workerRecovery.every((ms) => ms >= 0);
    failed ||= !recovered;
    rows.push({
      bench: 'Media worker killed mid-call → video back',
      measure: `each of ${workerRecovery.length} kills`,
      baseline: `a fresh join: p50 ${percentile(sortedJoins, 50).toFixed(0)} ms`,
      result: workerRecovery.map((ms) => (ms < 0 ? 'never' : `${ms} ms`)).join(', '),
      check: `${recovered ? 'came back every time' : 'FAIL: did not come back'}; target 5000 ms: ${recovered && Math.max(...workerRecovery) <= 5000 ? 'met' : 'not met'}`,
    });
    writeResult('calls', {
      join_p50_ms: Math.round(percentile(sortedJoins, 50)),
      join_max_ms: Math.round(sortedJoins.at(-1)!),
      loopback_p50_ms: Math.round(percentile(sortedLoop, 50)),
      network_recovery_ms: networkRecovery,
      worker_recovery_ms: workerRecovery,
    });
  }
} finally {
  await t.stop();
  await smtp.stop();
  await s3.stop();
  rmSync(s3Dir, { recursive: true, force: true });
  await pg.stop();
}

const cols = ['bench', 'measure', 'baseline', 'result', 'check'] as const;
const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line([...cols]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(cols.map((c) => r[c])));
process.exit(failed ? 1 : 0);
