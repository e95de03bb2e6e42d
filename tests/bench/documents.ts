// `npm run bench -- documents`: a 200 MB upload through the server to S3 against the same bytes
// sent straight to the same S3 with the SDK, and the server's peak RSS growth meanwhile (issue 16).
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { generateDevPki, sealPdf, UPLOAD_PART_BYTES, UPLOAD_QUEUE_SIZE } from '@oac/server';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../support/context';
import { fillerChunks, streamedUpload } from '../support/streamed-upload';
import { hostileFiles } from '../support/hostile-files';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const SIZE = 200 * 1024 ** 2;
const MB = 1024 ** 2;
const ROUNDS = 3;

const cpuOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const SEED = 'oac-bench-documents';

interface Child {
  url: string;
  token: string;
  appointmentId: string;
  bucket: string;
  pid: number;
  stop(): Promise<void>;
}

/** The server in a process of its own (documents-server.ts), so that its RSS is measured alone. */
async function startServerProcess(pgAdminUrl: string, s3Endpoint: string): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'tests/bench/documents-server.ts'), JSON.stringify({ pgAdminUrl, s3Endpoint })],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('@@bench ')) resolve(line.slice('@@bench '.length));
      else process.stderr.write(line + '\n');
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  const info = JSON.parse(first) as Omit<Child, 'stop'>;
  return {
    ...info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

/** utime + stime of a process, in seconds (clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D/g, '')) * 1024;
}

/** Runs `work` while sampling `pid`'s RSS every 50 ms; the growth is the peak over the RSS just before. */
async function sampled<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; ms: number; rssGrowthMb: number; cpuS: number }> {
  const before = rssBytes(pid);
  const cpuBefore = cpuSeconds(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 50);
  const started = performance.now();
  try {
    const value = await work();
    return {
      value,
      ms: performance.now() - started,
      rssGrowthMb: (Math.max(peak, rssBytes(pid)) - before) / MB,
      cpuS: cpuSeconds(pid) - cpuBefore,
    };
  } finally {
    clearInterval(timer);
  }
}

/** The same bytes straight to S3 with lib-storage, with the server's part size and concurrency. */
async function direct(client: S3Client, bucket: string, key: string): Promise<string> {
  const hash = createHash('sha256');
  const body = Readable.from(
    (function* () {
      for (const chunk of fillerChunks(SIZE, 'pdf', SEED)) {
        hash.update(chunk);
        yield chunk;
      }
    })(),
  );
  await new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
    partSize: UPLOAD_PART_BYTES,
    queueSize: UPLOAD_QUEUE_SIZE,
    leavePartsOnError: false,
  }).done();
  return hash.digest('hex');
}

async function downloadSha(child: Child, id: string): Promise<string> {
  const res = await fetch(`${child.url}/api/documents/${id}/content`, { headers: { authorization: `Bearer ${child.token}` } });
  const hash = createHash('sha256');
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * The seal's p50 over 20 runs of a 10-page PDF: PAdES B-B with a development identity, the engine
 * itself (what the processing pool runs per seal), after a warm-up run.
 */
async function sealBench(): Promise<{ seal_p50_ms: number }> {
  const pki = generateDevPki();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 10; i++) doc.addPage([595, 842]).drawText(`Pàgina ${i + 1}`, { x: 72, y: 760, size: 14, font });
  const bytes = await doc.save();
  const seal = () => sealPdf(bytes, { p12: pki.sealP12, password: pki.password, reason: 'bench', location: 'bench', name: 'bench' });
  await seal();
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await seal();
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  return { seal_p50_ms: Number(((runs[9]! + runs[10]!) / 2).toFixed(1)) };
}

/**
 * The worst /api/health answer while each hostile file is refused (issue 16: within 100 ms), polled
 * every 20 ms; and in the same run, while nothing is processed, as the baseline.
 */
async function healthDuringHostile(child: Child): Promise<{ idle_ms: number; files: { name: string; code: string; worst_ms: number }[] }> {
  const poll = async (until: Promise<unknown>) => {
    let worst = 0;
    let done = false;
    void until.finally(() => (done = true));
    while (!done) {
      const started = performance.now();
      await fetch(`${child.url}/api/health`).then((r) => r.arrayBuffer());
      worst = Math.max(worst, performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Math.round(worst);
  };
  const idle_ms = await poll(new Promise((r) => setTimeout(r, 1_500)));
  const files = [];
  for (const f of await hostileFiles()) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.filename);
    let code = '';
    const upload = fetch(`${child.url}/api/appointments/${child.appointmentId}/documents`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${child.token}` },
    }).then(async (r) => (code = ((await r.json()) as { error?: { code: string } }).error?.code ?? String(r.status)));
    files.push({ name: f.name, worst_ms: await poll(upload), code });
  }
  return { idle_ms, files };
}

export async function benchDocuments(opts: { pgAdminUrl: string; s3Endpoint: string }) {
  const child = await startServerProcess(opts.pgAdminUrl, opts.s3Endpoint);
  const client = new S3Client({
    endpoint: opts.s3Endpoint,
    region: 'eu-west-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    // Warm both paths (JIT, sockets, s3rver's folders) before anything is timed.
    await streamedUpload(child.url, child.appointmentId, child.token, { size: 16 * MB, seed: SEED });
    const server: {
      ms: number;
      rssGrowthMb: number;
      cpuS: number;
      benchCpuS: number;
      status: number;
      rowSha: string;
      sentSha: string;
      id: string;
    }[] = [];
    const baseline: { ms: number; sha: string; cpuS: number }[] = [];
    // Interleaved rounds, the best of each kept: this machine is shared and noisy.
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const sha = await direct(client, child.bucket, `bench/direct-${round}`);
      baseline.push({ ms: performance.now() - started, sha, cpuS: cpuOf(process.cpuUsage(cpu0)) });
      const cpu1 = process.cpuUsage();
      const up = await sampled(child.pid, () => streamedUpload(child.url, child.appointmentId, child.token, { size: SIZE, seed: SEED }));
      server.push({
        ms: up.ms,
        rssGrowthMb: up.rssGrowthMb,
        cpuS: up.cpuS,
        benchCpuS: cpuOf(process.cpuUsage(cpu1)),
        status: up.value.status,
        rowSha: (up.value.body as { sha256?: string }).sha256 ?? '',
        sentSha: up.value.sha256,
        id: (up.value.body as { id?: string }).id ?? '',
      });
    }
    const bestServer = Math.min(...server.map((s) => s.ms));
    const bestBaseline = Math.min(...baseline.map((b) => b.ms));
    const uploadMbPerS = SIZE / MB / (bestServer / 1000);
    const baselineMbPerS = SIZE / MB / (bestBaseline / 1000);
    const ratio = uploadMbPerS / baselineMbPerS;
    const rssGrowthMb = Math.max(...server.map((s) => s.rssGrowthMb));
    const last = server.at(-1)!;
    const downloaded = last.status === 201 ? await downloadSha(child, last.id) : '';
    const sha256Match =
      server.every((s) => s.status === 201 && s.rowSha === s.sentSha && s.sentSha === baseline[0]!.sha) && downloaded === last.sentSha;
    const { seal_p50_ms } = await sealBench();
    const health = await healthDuringHostile(child);
    const healthWorst = Math.max(...health.files.map((f) => f.worst_ms));
    const result = {
      upload_mb: SIZE / MB,
      upload_mb_per_s: Number(uploadMbPerS.toFixed(1)),
      baseline_mb_per_s: Number(baselineMbPerS.toFixed(1)),
      ratio_to_baseline: Number(ratio.toFixed(3)),
      rss_growth_mb: Number(rssGrowthMb.toFixed(1)),
      rss_measured: 'the server process alone (its own process; s3rver and the client run in the bench process)',
      part_size_mb: UPLOAD_PART_BYTES / MB,
      queue_size: UPLOAD_QUEUE_SIZE,
      server_runs_ms: server.map((s) => Math.round(s.ms)),
      baseline_runs_ms: baseline.map((b) => Math.round(b.ms)),
      server_cpu_s_per_upload: server.map((s) => Number(s.cpuS.toFixed(2))),
      bench_process_cpu_s: {
        server_path: server.map((s) => Number(s.benchCpuS.toFixed(2))),
        baseline: baseline.map((b) => Number(b.cpuS.toFixed(2))),
      },
      load_average: os.loadavg().map((l) => Number(l.toFixed(2))),
      sha256_match: sha256Match,
      seal_p50_ms,
      health_idle_ms: health.idle_ms,
      health_worst_during_hostile_ms: healthWorst,
      health_during_hostile: health.files,
      goals: { ratio_at_least: 0.9, rss_growth_below_mb: 64, met: ratio >= 0.9 && rssGrowthMb < 64, health_within_ms: 100 },
    };
    const rows: string[][] = [
      [
        '200 MB upload through the server',
        `MB/s, best of ${ROUNDS}; server RSS peak growth`,
        `SDK straight to s3rver: ${baselineMbPerS.toFixed(1)} MB/s`,
        `${uploadMbPerS.toFixed(1)} MB/s (${(ratio * 100).toFixed(0)} %), +${rssGrowthMb.toFixed(1)} MB RSS`,
        `sha256 ${sha256Match ? 'match' : 'MISMATCH'}; goal ≥ 90 % and < 64 MB: ${result.goals.met ? 'met' : 'not met'}`,
      ],
      ['Seal a 10-page PDF (PAdES B-B)', 'p50 of 20', '—', `${seal_p50_ms} ms`, 'measured'],
      [
        '/api/health while hostile files are refused',
        `worst of ${health.files.length} files, polled every 20 ms`,
        `idle: ${health.idle_ms} ms`,
        `${healthWorst} ms`,
        `goal < 100 ms: ${healthWorst < 100 ? 'met' : 'not met'}; ${health.files.map((f) => `${f.code} ${f.worst_ms}`).join(', ')}`,
      ],
    ];
    return { result, rows, ok: sha256Match };
  } finally {
    client.destroy();
    await child.stop();
  }
}
