import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { MediaWorkerConfigSchema } from './config';
import { STANDBY_ENV, type ActivateMessage, ReadyMessage } from './ipc';
import { createLogger } from './logger';
import { TypedEmitter } from './TypedEmitter';

const MAIN_PATH = fileURLToPath(new URL('./main.ts', import.meta.url));
/** The package directory, from which `--import tsx` resolves. */
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 7_000;
const BACKOFF_MIN_MS = 200;
const BACKOFF_MAX_MS = 5_000;
/** A child that lived this long was healthy; its death starts the backoff afresh. */
const STABLE_AFTER_MS = 10_000;

/** The environment a media worker child gets: its own configuration keys, and the basics of a process. */
const CHILD_ENV_KEYS = new Set([
  ...Object.keys(MediaWorkerConfigSchema.shape),
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'LC_ALL',
  'TZ',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'DEBUG',
]);

export interface StartMediaWorkerProcessOptions {
  /**
   * Channel port on 127.0.0.1. 0 picks a free one; omitted, the child's own default applies
   * (MEDIA_WORKER_PORT, else 4001). Whatever port is bound first is kept across restarts.
   */
  port?: number;
  /** Shared secret the server presents as `auth.secret` (at least 16 characters). */
  secret: string;
  /**
   * Settings for the child (e.g. NUM_WORKERS, LOG_LEVEL), on top of this process's own media worker
   * settings. Only the media worker's own keys reach it, whatever else is passed.
   */
  env?: Record<string, string>;
  logger?: Logger;
  /** How long to wait for the child's ready message. Default 20 s. */
  readyTimeoutMs?: number;
}

export type MediaWorkerProcessEvents = {
  /** A replacement child is ready, on the same port. */
  restart: [info: { pid: number; port: number; attempt: number }];
  /** The child exited without being asked to; a restart follows. */
  exit: [info: { pid: number; code: number | null; signal: NodeJS.Signals | null }];
};

/**
 * Runs the media worker as a child process and keeps it running: a child that exits
 * unexpectedly is restarted, with backoff, on the same port. A standby child, its modules already
 * loaded, waits beside the running one, so that a restart only has to start mediasoup and listen:
 * the call is back in about a second rather than the two or three a cold start of Node takes.
 */
export class MediaWorkerProcess extends TypedEmitter<MediaWorkerProcessEvents> {
  readonly #options: StartMediaWorkerProcessOptions;
  readonly #log: Logger;
  #port: number | undefined;
  #child: ChildProcess | undefined;
  /** Loaded and waiting to take over; none before the first child is ready, nor while stopping. */
  #spare: ChildProcess | undefined;
  /** The first restart after a healthy life is at once (the standby is there); later ones back off. */
  #restartNow = true;
  #childReadyAt = 0;
  #backoffMs = BACKOFF_MIN_MS;
  #attempt = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: StartMediaWorkerProcessOptions) {
    super();
    this.#options = options;
    this.#log = options.logger ?? createLogger('MediaWorkerProcess');
    this.#port = options.port;
  }

  /** The bound channel port, known once started. */
  get port(): number {
    if (this.#port === undefined) throw new Error('media worker not started');
    return this.#port;
  }

  /** The current child's pid, if one is running. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The standby child's pid, once it has been spawned. */
  get standbyPid(): number | undefined {
    return this.#spare?.pid;
  }

  async start(): Promise<void> {
    await this.#launch();
  }

  /** Stops supervising and terminates the child. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#terminate();
    return this.#stopping;
  }

  #spawnChild(standby: boolean): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', MAIN_PATH], {
      cwd: PACKAGE_DIR,
      env: { ...this.#childEnv(), ...(standby ? { [STANDBY_ENV]: '1' } : {}) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  /** The standby, if it is alive and can be told to take over. */
  #takeSpare(): ChildProcess | undefined {
    const spare = this.#spare;
    this.#spare = undefined;
    if (!spare || spare.exitCode !== null || spare.signalCode !== null || !spare.connected) {
      spare?.kill('SIGKILL');
      return undefined;
    }
    spare.send({ type: 'activate' } satisfies ActivateMessage);
    return spare;
  }

  #prepareSpare(): void {
    if (this.#stopping || this.#spare) return;
    const spare = this.#spawnChild(true);
    this.#spare = spare;
    spare.once('exit', () => {
      if (this.#spare === spare) this.#spare = undefined;
    });
  }

  async #launch(): Promise<void> {
    const spare = this.#takeSpare();
    const child = spare ?? this.#spawnChild(false);
    this.#child = child;
    child.once('exit', (code, signal) => this.#onExit(child, code, signal));
    try {
      this.#port = await waitForReady(child, this.#options.readyTimeoutMs ?? READY_TIMEOUT_MS);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    this.#childReadyAt = Date.now();
    this.#log.info('media worker ready [pid:%s, port:%d, from:%s]', child.pid, this.#port, spare ? 'standby' : 'cold start');
    // Spawned once the port is known: the standby must bind the same one.
    this.#prepareSpare();
  }

  /**
   * The child's environment: what a Node process needs to run, and the media worker's own settings.
   * Nothing else: the server's DATABASE_URL, S3 secret or SMTP password must never reach a process
   * that handles untrusted network traffic (issue 11, §7).
   */
  #childEnv(): NodeJS.ProcessEnv {
    const pick = (source: Record<string, string | undefined>) =>
      Object.fromEntries(Object.entries(source).filter(([key, value]) => value !== undefined && CHILD_ENV_KEYS.has(key)));
    return {
      ...pick(process.env),
      ...pick(this.#options.env ?? {}),
      MEDIA_WORKER_SECRET: this.#options.secret,
      ...(this.#port === undefined ? {} : { MEDIA_WORKER_PORT: String(this.#port) }),
    };
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.#child) return;
    this.#child = undefined;
    const wasReady = this.#childReadyAt > 0;
    const livedMs = wasReady ? Date.now() - this.#childReadyAt : 0;
    this.#childReadyAt = 0;
    // A child that never got ready is the launch's failure, handled where it was awaited.
    if (this.#stopping || !wasReady) return;
    this.#log.error('media worker exited [pid:%s, code:%s, signal:%s]', child.pid, code, signal);
    this.safeEmit('exit', { pid: child.pid ?? 0, code, signal });
    if (livedMs >= STABLE_AFTER_MS) {
      this.#backoffMs = BACKOFF_MIN_MS;
      this.#restartNow = true;
    }
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (this.#stopping) return;
    let delay = 0;
    if (this.#restartNow) this.#restartNow = false;
    else {
      delay = this.#backoffMs;
      this.#backoffMs = Math.min(this.#backoffMs * 2, BACKOFF_MAX_MS);
    }
    this.#log.info('restart scheduled [delayMs:%d]', delay);
    this.#restartTimer = setTimeout(() => void this.#restart(), delay);
  }

  async #restart(): Promise<void> {
    this.#restartTimer = undefined;
    if (this.#stopping) return;
    this.#attempt++;
    try {
      await this.#launch();
    } catch (error) {
      this.#log.error({ err: error }, 'restart failed [attempt:%d]', this.#attempt);
      this.#scheduleRestart();
      return;
    }
    if (this.#stopping || !this.#child?.pid) return;
    this.safeEmit('restart', { pid: this.#child.pid, port: this.port, attempt: this.#attempt });
  }

  async #terminate(): Promise<void> {
    clearTimeout(this.#restartTimer);
    this.#spare?.kill('SIGKILL');
    this.#spare = undefined;
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this.#log.info('media worker stopped [pid:%s]', child.pid);
  }
}

/** Spawns the media worker, waits until it listens, and supervises it until `stop()`. */
export async function startMediaWorkerProcess(options: StartMediaWorkerProcessOptions): Promise<MediaWorkerProcess> {
  const worker = new MediaWorkerProcess(options);
  await worker.start();
  return worker;
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown): void => {
      const ready = ReadyMessage.safeParse(message);
      if (!ready.success) return;
      done();
      resolve(ready.data.port);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      done();
      reject(new Error(`media worker exited before ready (code ${code}, signal ${signal})`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`media worker not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
