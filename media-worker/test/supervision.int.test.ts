import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaCommand, MediaNotice } from '@oac/shared';
import { MediaChannel } from '../src/client/index';
import { eventually, newId, nextEvent, rejectionCode, startTestMediaWorker, type TestMediaWorker } from './support';

describe('media worker supervision', { timeout: 30_000 }, () => {
  let mw: TestMediaWorker | undefined;

  afterEach(async () => {
    await mw?.stop();
    mw = undefined;
  });

  it('restarts the media worker process after kill -9, on the same port, and serves again within 5 s', async () => {
    mw = await startTestMediaWorker();
    const { worker, channel } = mw;
    const port = worker.port;
    const oldPid = worker.pid;
    expect(oldPid).toBeGreaterThan(0);
    await channel.request(MediaCommand.ensureRoom, { roomId: newId('before') });

    const exited = nextEvent<[{ pid: number; signal: NodeJS.Signals | null }]>((l) => worker.on('exit', l), 5_000);
    const restarted = nextEvent<[{ pid: number; port: number }]>((l) => worker.on('restart', l), 10_000);
    const killedAt = Date.now();
    process.kill(oldPid!, 'SIGKILL');

    expect((await exited)[0]).toMatchObject({ pid: oldPid, signal: 'SIGKILL' });
    // Meanwhile the server's requests fail fast and typed, rather than hanging.
    expect(await rejectionCode(channel.request(MediaCommand.status, {}))).toBe('media_unavailable');
    expect(await channel.status()).toBeNull();

    const [info] = await restarted;
    expect(info.port).toBe(port);
    expect(info.pid).not.toBe(oldPid);
    expect(worker.pid).toBe(info.pid);

    const roomId = newId('after');
    const { value } = await eventually(() => channel.request(MediaCommand.ensureRoom, { roomId }, { timeoutMs: 1_000 }), 5_000);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(value.rtpCapabilities.codecs?.some((c) => c.mimeType === 'video/VP8')).toBe(true);
  });

  it('hands over to the standby child, its modules already loaded, and prepares a new standby', async () => {
    mw = await startTestMediaWorker();
    const { worker, channel } = mw;
    const standby = worker.standbyPid;
    expect(standby).toBeGreaterThan(0);
    expect(standby).not.toBe(worker.pid);
    const restarted = nextEvent<[{ pid: number }]>((l) => worker.on('restart', l), 10_000);
    process.kill(worker.pid!, 'SIGKILL');
    expect((await restarted)[0].pid).toBe(standby);
    await eventually(() => channel.request(MediaCommand.ensureRoom, { roomId: newId('standby') }, { timeoutMs: 1_000 }), 5_000);
    expect(worker.standbyPid).toBeGreaterThan(0);
    expect(worker.standbyPid).not.toBe(standby);
    // A standby that dies is not the media worker: nothing restarts, and the next one is cold-started.
    const second = worker.standbyPid!;
    let restarts = 0;
    worker.on('restart', () => restarts++);
    process.kill(second, 'SIGKILL');
    await eventually(async () => {
      if (worker.standbyPid === second) throw new Error('still there');
    }, 2_000);
    expect(restarts).toBe(0);
    expect((await channel.request(MediaCommand.status, {})).rooms).toBeGreaterThanOrEqual(1);
  });

  it('when a mediasoup worker dies its rooms are reported closed and a replacement worker serves new rooms', async () => {
    mw = await startTestMediaWorker();
    const { channel } = mw;
    const roomId = newId('doomed');
    await channel.request(MediaCommand.ensureRoom, { roomId });
    await channel.request(MediaCommand.createTransport, { roomId, peerId: 'peer-a', direction: 'send' });
    const [before] = (await channel.request(MediaCommand.status, {})).workers;
    expect(before?.rooms).toBe(1);

    const roomClosed = nextEvent<[{ roomId: string; reason: string }]>((l) => channel.on(MediaNotice.roomClosed, l), 5_000);
    process.kill(before!.pid, 'SIGKILL');
    expect((await roomClosed)[0]).toEqual({ roomId, reason: 'worker_died' });
    expect(await rejectionCode(channel.request(MediaCommand.createTransport, { roomId, peerId: 'peer-a', direction: 'send' }))).toBe(
      'not_found',
    );

    const { value: after } = await eventually(async () => {
      const status = await channel.request(MediaCommand.status, {});
      if (status.workers.length !== 1) throw new Error('no replacement yet');
      return status;
    }, 5_000);
    expect(after.workers[0]?.pid).not.toBe(before!.pid);
    expect(after.rooms).toBe(0);
    expect(after.workerDeaths).toBe(1);
    // The same room id can be opened again, on the new worker.
    await channel.request(MediaCommand.ensureRoom, { roomId });
    expect((await channel.request(MediaCommand.status, {})).workers[0]?.rooms).toBe(1);
  });

  it('stop() terminates the child and a stopped worker is not restarted', async () => {
    mw = await startTestMediaWorker();
    const { worker, channel, url, secret } = mw;
    const pid = worker.pid!;
    const standby = worker.standbyPid!;
    let restarts = 0;
    worker.on('restart', () => restarts++);
    await mw.stop();
    mw = undefined;
    expect(() => process.kill(pid, 0)).toThrow();
    await eventually(async () => expect(() => process.kill(standby, 0)).toThrow(), 2_000);
    expect(channel.connected).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(restarts).toBe(0);
    const late = new MediaChannel();
    try {
      expect(await rejectionCode(late.connect(url, secret, { timeoutMs: 1_000 }))).toBe('media_unavailable');
    } finally {
      late.close();
    }
  });

  it("gives the child only its own settings: none of the server's secrets (issue 11, §7)", async () => {
    const secrets = {
      DATABASE_URL: 'postgres://oac:db-password@db.internal/oac',
      S3_SECRET_ACCESS_KEY: 's3-secret-key',
      SMTP_URL: 'smtp://mailer:smtp-password@smtp.internal:587',
      SESSION_SIGNING_KEY: 'anything-else',
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    try {
      // As infra/src/platform.ts does: the whole environment handed over, on top of this process's own.
      mw = await startTestMediaWorker({ ...secrets, MEDIASOUP_LOG_LEVEL: 'error' });
    } finally {
      for (const key of Object.keys(secrets)) {
        if (key in saved) process.env[key] = saved[key];
        else delete process.env[key];
      }
    }
    const environ = readFileSync(`/proc/${mw.worker.pid}/environ`, 'utf8').split('\0');
    const keys = new Set(environ.map((kv) => kv.split('=')[0]));
    for (const key of Object.keys(secrets)) expect(keys.has(key), key).toBe(false);
    expect(environ.join('\n')).not.toMatch(/password|secret-key/);
    // Its own settings did arrive.
    expect(keys.has('MEDIA_WORKER_SECRET')).toBe(true);
    expect(environ).toContain('MEDIASOUP_LOG_LEVEL=error');
  });
});
