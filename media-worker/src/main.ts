import { nodeVersionProblem } from '@oac/shared';
import { startMediaWorker } from './app';
import { loadConfig } from './config';
import { ActivateMessage, STANDBY_ENV, type ReadyMessage } from './ipc';
import { createLogger, setLogLevel } from './logger';

const log = createLogger('main');

/** A stop that hangs must not keep a dead media worker holding its port. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * A standby child has loaded every module (most of a start's time) and waits for its supervisor to
 * activate it when the running media worker dies. It dies with its supervisor.
 */
function standby(): Promise<void> {
  process.once('disconnect', () => process.exit(0));
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if (!ActivateMessage.safeParse(message).success) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
}

async function main(): Promise<void> {
  const nodeProblem = nodeVersionProblem(process.versions.node);
  if (nodeProblem) {
    console.error(nodeProblem);
    process.exit(1);
  }
  if (process.env[STANDBY_ENV] === '1' && process.send) {
    await standby();
    log.info('activated as the media worker');
  }
  const config = loadConfig();
  setLogLevel(config.LOG_LEVEL);
  const worker = await startMediaWorker(config);

  let stopping = false;
  const shutdown = (why: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('shutdown() [why:%s]', why);
    setTimeout(() => {
      log.error('shutdown() timed out');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    void worker.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // A supervised child must not outlive its supervisor.
  if (process.send) {
    process.removeAllListeners('disconnect');
    process.once('disconnect', () => shutdown('supervisor gone'));
  }

  log.info({ port: worker.port, workers: worker.workers }, 'ready() [port:%d, workers:%d]', worker.port, worker.workers);
  process.send?.({ type: 'ready', port: worker.port } satisfies ReadyMessage);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'start failed');
  process.exit(1);
});
