// `npm run bench [-- <name>]`: the platform's targets, each measured against a baseline taken in the
// same run, because these machines are noisy. Names: booking, calls, queue, documents; all of them when none is
// given. Prints a table, writes bench/results/<name>.json, and exits non-zero only if a correctness
// check fails.
import { startEmbeddedS3, startEmbeddedSmtp } from '@oac/infra/embedded';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerFor } from '../support/context';
import { REPO_ROOT } from '../support/context';
import { resolveTestPostgres } from '../support/postgres';
import { benchBooking } from './booking';
import { benchScheduling } from './scheduling';
import { benchQueue } from './queue';
import { benchDocuments } from './documents';
import { measureCalls } from './join-latency';
import { measureSfuCapacity } from './sfu-capacity';

const NAMES = ['booking', 'calls', 'queue', 'documents'] as const;
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

const pg = await resolveTestPostgres();
const s3Dir = mkdtempSync(path.join(os.tmpdir(), 'oac-bench-s3-'));
const s3 = await startEmbeddedS3({ dataDir: s3Dir, port: 0, bucket: 'oac-bench' });
// Mail is on, as in production, so a booking pays for its outbox rows; the worker does not send here.
const smtp = await startEmbeddedSmtp({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'oac-bench-mail-')), port: 0 });
const t = await startServerFor({
  pgAdminUrl: pg.adminUrl,
  s3Endpoint: s3.endpoint,
  // Two mediasoup workers for the calls, so that a dead one's call has somewhere to go at once.
  media: selected.has('calls') ? { env: { NUM_WORKERS: '2' } } : false,
  clientDist: selected.has('calls'),
  env: {
    UPLOAD_MAX_BYTES: String(256 * 1024 ** 2),
    DATABASE_POOL_MAX: '20',
    // Throughput is measured here, not the queue's patience: on a slow machine 500 bookings at once
    // wait longer than a request would in production.
    DATABASE_ACQUIRE_TIMEOUT_MS: '30000',
    SMTP_URL: smtp.url,
    MAIL_POLL_SECONDS: '3600',
    LOG_LEVEL: 'warn',
    // The bench's contenders each come from an address of their own, through the loopback proxy.
    TRUST_PROXY: 'loopback',
  },
});
try {
  if (selected.has('booking')) {
    const { result, rows: table } = await benchBooking(t);
    failed ||= result.double_bookings !== 0 || result.one_slot.winners !== 1;
    const scheduling = await benchScheduling(t);
    for (const [bench, measure, baseline, res, check] of [...table, ...scheduling.rows])
      rows.push({ bench: bench!, measure: measure!, baseline: baseline!, result: res!, check: check! });
    writeResult('booking', { ...result, ...scheduling.result });
  }

  if (selected.has('queue')) {
    const { result, rows: table } = await benchQueue(t);
    failed ||= result.double_offers !== 0;
    for (const [bench, measure, baseline, res, check] of table)
      rows.push({ bench: bench!, measure: measure!, baseline: baseline!, result: res!, check: check! });
    writeResult('queue', result);
  }

  if (selected.has('documents')) {
    const { result, rows: table, ok } = await benchDocuments({ pgAdminUrl: pg.adminUrl, s3Endpoint: s3.endpoint });
    failed ||= !ok;
    for (const [bench, measure, baseline, res, check] of table)
      rows.push({ bench: bench!, measure: measure!, baseline: baseline!, result: res!, check: check! });
    writeResult('documents', result);
  }

  if (selected.has('calls')) {
    const m = await measureCalls(t, 20);
    const p = (values: number[], q: number) =>
      Math.round(
        percentile(
          [...values].sort((a, b) => a - b),
          q,
        ),
      );
    const all = (values: number[]) => values.every((ms) => ms >= 0);
    const joinedAll = all(m.joins) && all(m.firefoxJoins) && all(m.linkToFrame) && all(m.admitToFrame);
    failed ||= !joinedAll;
    const goal = (values: number[]) => (p(values, 50) <= 100 && p(values, 95) <= 150 ? 'met' : 'not met');
    rows.push({
      bench: 'Join → first decoded clerk frame, Chromium',
      measure: `p50 / p95 of ${m.joins.length} joins`,
      baseline: `in-page WebRTC loopback: p50 ${p(m.loopback, 50)} ms`,
      result: `p50 ${p(m.joins, 50)} / p95 ${p(m.joins, 95)} ms`,
      check: `${all(m.joins) ? 'every join got video' : 'FAIL: a join got no video'}; goal p50 ≤ 100, p95 ≤ 150 ms: ${goal(m.joins)}`,
    });
    rows.push({
      bench: 'Join → first decoded clerk frame, Firefox',
      measure: `p50 / p95 of ${m.firefoxJoins.length} joins`,
      baseline: `Chromium: p50 ${p(m.joins, 50)} ms`,
      result: `p50 ${p(m.firefoxJoins, 50)} / p95 ${p(m.firefoxJoins, 95)} ms`,
      check: `${all(m.firefoxJoins) ? 'every join got video' : 'FAIL: a join got no video'}; goal p50 ≤ 100, p95 ≤ 150 ms: ${goal(m.firefoxJoins)}`,
    });
    rows.push({
      bench: 'Private link opened → first clerk frame',
      measure: `p50 of ${m.linkToFrame.length}, page load and device check included`,
      baseline: `Join alone: p50 ${p(m.joins, 50)} ms`,
      result: `p50 ${p(m.linkToFrame, 50)} / max ${p(m.linkToFrame, 100)} ms`,
      check: all(m.linkToFrame) ? 'OK' : 'FAIL',
    });
    rows.push({
      bench: "Clerk's 'Let in' → citizen's first frame",
      measure: 'transports opened in the lobby',
      baseline: `Join alone: p50 ${p(m.joins, 50)} ms`,
      result: m.admitToFrame.map((ms) => `${ms} ms`).join(', '),
      check: all(m.admitToFrame) ? 'OK' : 'FAIL',
    });
    const recoveries: [string, number[], number][] = [
      ['Citizen offline 2 s → video back (from online)', m.networkRecovery, 5_000],
      ['A mediasoup worker killed → video back', m.workerDeathRecovery, 1_000],
      ['The media-worker process killed → video back', m.mediaProcessRecovery, 2_000],
      ['Server restarted mid-call → video back', m.serverRestartRecovery, 3_000],
    ];
    for (const [bench, values, target] of recoveries) {
      const back = all(values);
      failed ||= !back;
      rows.push({
        bench,
        measure: `each of ${values.length}`,
        baseline: `a fresh join: p50 ${p(m.joins, 50)} ms`,
        result: values.map((ms) => (ms < 0 ? 'never' : `${ms} ms`)).join(', '),
        check: `${back ? 'came back every time' : 'FAIL: did not come back'}; target ${target} ms: ${back && Math.max(...values) <= target ? 'met' : 'not met'}`,
      });
    }
    // The SFU's capacity, with browsers closed: PlainTransport load into one mediasoup worker of the
    // project's own media worker, then the same into a bare mediasoup script.
    const sfu = await measureSfuCapacity();
    rows.push({
      bench: 'SFU capacity: one-to-one calls on one worker',
      measure: `~${Math.round(sfu.load_per_party.video_kbps)} kbps VP8 + opus per party, until loss > 1 % or the core is full`,
      baseline: `bare mediasoup: ${sfu.baseline_calls_held} calls at ${sfu.baseline_cpu_percent_at_max} % CPU`,
      result: `${sfu.calls_held} calls at ${sfu.cpu_percent_at_max} % CPU, ${sfu.loss_percent_at_max} % loss; ratio ${sfu.overhead_ratio}`,
      check: `goal ≥ 190 calls and ≥ 95 % of the baseline: ${sfu.goal.met ? 'met' : 'not met'}; rmem_max ${sfu.rmem_max.raised ? 'raised' : 'not raised'} (${sfu.rmem_max.value})`,
    });
    writeResult('calls', {
      calls_held: sfu.calls_held,
      baseline_calls_held: sfu.baseline_calls_held,
      overhead_ratio: sfu.overhead_ratio,
      cpu_percent_at_max: sfu.cpu_percent_at_max,
      baseline_cpu_percent_at_max: sfu.baseline_cpu_percent_at_max,
      loss_percent_at_max: sfu.loss_percent_at_max,
      worker_cpu_ratio_same_calls: sfu.worker_cpu_ratio_same_calls,
      rmem_max: sfu.rmem_max,
      sfu_steps: sfu.steps,
      join_p50_ms: p(m.joins, 50),
      join_p95_ms: p(m.joins, 95),
      firefox_join_p50_ms: p(m.firefoxJoins, 50),
      firefox_join_p95_ms: p(m.firefoxJoins, 95),
      link_to_first_frame_p50_ms: p(m.linkToFrame, 50),
      admit_to_first_frame_ms: m.admitToFrame,
      loopback_p50_ms: p(m.loopback, 50),
      network_recovery_ms: m.networkRecovery,
      worker_death_recovery_ms: m.workerDeathRecovery,
      media_process_recovery_ms: m.mediaProcessRecovery,
      server_restart_recovery_ms: m.serverRestartRecovery,
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
