import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, bookFor, fillerChunks, streamedUpload, startTestServer, type TestServer } from '@oac/tests/support';

// Short, so that the silent-S3 cases take seconds; the default is 10 s.
const S3_TIMEOUT_MS = 2_000;

/** A real s3rver in a process of its own, which can be killed like a crashed S3 and started again on its port and data. */
class S3Process {
  private child: ChildProcess | null = null;
  /** Its request log (path, status), across restarts. */
  readonly log: string[] = [];
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'oac-s3-fail-'));
  constructor(readonly port: number) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
    this.child = spawn(process.execPath, [bin, '-d', this.dir, '-a', '127.0.0.1', '-p', String(this.port)], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => this.log.push(...text.split('\n')));
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(this.endpoint).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('s3rver did not start');
  }

  /** SIGKILL: every connection to it is reset, as when S3 crashes or the network drops. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill('SIGKILL');
    });
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A server that accepts connections and never answers, on `port`. */
async function silentServer(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

let s3: S3Process;
let t: TestServer;
let citizen: Awaited<ReturnType<typeof bookFor>>;
let listing: S3Client;

beforeAll(async () => {
  s3 = new S3Process(await freePort());
  await s3.start();
  t = await startTestServer({
    env: {
      S3_ENDPOINT: s3.endpoint,
      S3_TIMEOUT_MS: String(S3_TIMEOUT_MS),
      UPLOAD_MAX_BYTES: String(128 * 1024 ** 2),
      DOCUMENT_MAX_BYTES_PER_APPOINTMENT: String(1024 ** 3),
    },
  });
  citizen = await bookFor(t, 'anna', 300);
  listing = new S3Client({
    endpoint: s3.endpoint,
    region: 'eu-west-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});
afterAll(async () => {
  listing?.destroy();
  await t?.stop();
  await s3?.remove();
});
// Every case leaves S3 up again for the next.
afterEach(async () => {
  if (
    !(await fetch(s3.endpoint).then(
      () => true,
      () => false,
    ))
  )
    await s3.start();
});

/** A valid one-page PDF of 64 KiB, different each time. */
function smallPdf(): Uint8Array {
  return Buffer.concat([...fillerChunks(64 * 1024, 'pdf')]);
}

function uploadBytes(bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'x.pdf');
  return api(t.url, `/api/appointments/${citizen.appointment.id}/documents`, { method: 'POST', body: form, token: citizen.token });
}

function download(id: string) {
  return api(t.url, `/api/documents/${id}/content`, { token: citizen.token });
}

/** With S3 up: the bucket's objects are exactly the documents' rows, no more, no fewer. */
async function expectBucketMatchesRows(): Promise<void> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await listing.send(new ListObjectsV2Command({ Bucket: t.env.S3_BUCKET, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  const rows = await t.db('documents').select('s3_key');
  expect(keys.sort()).toEqual(rows.map((r) => r.s3_key as string).sort());
}

function expectUnavailable(res: { status: number; body: any; headers: Headers | Record<string, unknown> }): void {
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe('storage_unavailable');
  const retryAfter = res.headers instanceof Headers ? res.headers.get('retry-after') : res.headers['retry-after'];
  expect(Number(retryAfter)).toBeGreaterThan(0);
}

/** In-progress multipart uploads, from s3rver's own folder (it does not list them over the API). */
function multipartUploadsInProgress(): string[] {
  const dir = path.join(s3.dir, t.env.S3_BUCKET!, '._S3rver_uploads');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('when the upload stops', () => {
  it('aborts the multipart upload of a cancelled upload, and leaves neither an object nor a row', async () => {
    const before = new Set(multipartUploadsInProgress());
    const res = await streamedUpload(t.url, citizen.appointment.id, citizen.token, { size: 48 * 1024 ** 2, abortAt: 20 * 1024 ** 2 });
    expect(res.status).toBe(0);
    const started = multipartUploadsInProgress().filter((id) => !before.has(id));
    expect(started).toHaveLength(1);
    // s3rver 3.7.1 has no AbortMultipartUpload: it answers it with 405 and keeps the parts. What can
    // be checked is that the server sent it (S3 proper then drops the parts), from s3rver's own log.
    const aborted = (id: string) => s3.log.some((line) => line.includes(`uploadId=${id}&x-id=AbortMultipartUpload 405`));
    for (let i = 0; i < 100 && !aborted(started[0]!); i++) await new Promise((r) => setTimeout(r, 100));
    expect(aborted(started[0]!)).toBe(true);
    await expectBucketMatchesRows();
  });
});

describe('when S3 fails', () => {
  it('answers 503 storage_unavailable with Retry-After while S3 is down, for uploads, downloads and the health check, and works again once it is back', async () => {
    const before = await uploadBytes(smallPdf());
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    await s3.kill();

    const started = performance.now();
    expectUnavailable(await uploadBytes(smallPdf()));
    expectUnavailable(await download(before.body.id));
    expect(performance.now() - started).toBeLessThan(2 * S3_TIMEOUT_MS);
    const health = await api(t.url, '/api/health');
    expect(health.status).toBe(503);
    expect(health.body.components.storage.ok).toBe(false);

    await s3.start();
    const again = await uploadBytes(smallPdf());
    expect(again.status).toBe(201);
    expect((await download(before.body.id)).status).toBe(200);
    await expectBucketMatchesRows();
  });

  it('answers 503, not 400, when S3 is lost in the middle of an upload, and leaves neither an object nor a row', async () => {
    const rowsBefore = await t.db('documents').count<{ n: string }[]>({ n: '*' }).first();
    let killed: Promise<void> | null = null;
    const res = await streamedUpload(t.url, citizen.appointment.id, citizen.token, {
      size: 48 * 1024 ** 2,
      // Two 8 MiB parts are on their way by then.
      onSent: (n) => {
        if (!killed && n >= 20 * 1024 ** 2) killed = s3.kill();
      },
    });
    await killed;
    expectUnavailable(res);
    expect((await t.db('documents').count<{ n: string }[]>({ n: '*' }).first())!.n).toBe(rowsBefore!.n);
    await s3.start();
    await expectBucketMatchesRows();
  });

  it('keeps the bucket and the rows in step when S3 restarts during an upload, whatever the outcome', async () => {
    let bounced: Promise<void> | null = null;
    const res = await streamedUpload(t.url, citizen.appointment.id, citizen.token, {
      size: 40 * 1024 ** 2,
      onSent: (n) => {
        if (!bounced && n >= 12 * 1024 ** 2) bounced = s3.kill().then(() => s3.start());
      },
    });
    await bounced;
    // The SDK's retries may carry the upload across the restart; if not, it is a 503.
    if (res.status === 201) {
      expect(res.body.sha256).toBe(res.sha256);
      const back = await fetch(`${t.url}/api/documents/${res.body.id}/content`, { headers: { authorization: `Bearer ${citizen.token}` } });
      expect(back.status).toBe(200);
      expect(Number(back.headers.get('content-length'))).toBe(40 * 1024 ** 2);
      await back.arrayBuffer();
    } else expectUnavailable(res);
    await expectBucketMatchesRows();
  });

  it('answers 503 within S3_TIMEOUT_MS when S3 accepts connections and never answers', async () => {
    const existing = await uploadBytes(smallPdf());
    expect(existing.status).toBe(201);
    await s3.kill();
    const silent = await silentServer(s3.port);
    try {
      let started = performance.now();
      const res = await streamedUpload(t.url, citizen.appointment.id, citizen.token, { size: 20 * 1024 ** 2 });
      const uploadMs = performance.now() - started;
      expectUnavailable(res);
      // One timeout, not one per retry: the three attempts the SDK makes by default took 3×.
      expect(uploadMs).toBeGreaterThanOrEqual(S3_TIMEOUT_MS - 100);
      expect(uploadMs).toBeLessThan(S3_TIMEOUT_MS + 2_500);

      started = performance.now();
      expectUnavailable(await download(existing.body.id));
      expect(performance.now() - started).toBeLessThan(S3_TIMEOUT_MS + 1_000);
    } finally {
      await silent.close();
    }
    await s3.start();
    await expectBucketMatchesRows();
  });
});
