import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/*
 * Debian's real coturn on loopback, in the TURN REST API mode the server's credentials are made for
 * (use-auth-secret), as RECIPES.md says. Loopback peers must be allowed, since the media server
 * listens there too.
 */
export interface TestTurn {
  url: string;
  secret: string;
  stop(): Promise<void>;
}

export async function startTurn(): Promise<TestTurn> {
  const port = 25_000 + Math.floor(Math.random() * 900) * 2;
  const relayMin = 26_000 + Math.floor(Math.random() * 40) * 100;
  const secret = randomBytes(24).toString('hex');
  const child: ChildProcess = spawn(
    process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${relayMin}`,
      `--max-port=${relayMin + 99}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=oac.test',
      '--no-tls',
      '--no-dtls',
      '--fingerprint',
      '--allow-loopback-peers',
      '--no-cli',
      '--log-file=stdout',
      `--pidfile=${path.join(os.tmpdir(), `oac-turn-${port}.pid`)}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coturn did not start:\n${log}`)), 10_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (/listener opened on/i.test(log) || /Total (UDP|General) servers/i.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`coturn exited with ${code}:\n${log}`));
    });
  });
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
