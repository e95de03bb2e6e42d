// Runs a build command with its output going to a log file, and turns
// ninja's "[done/total]" lines into occasional progress lines.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export function formatDuration(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function tailOfFile(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Resolves with the command's stdout text; rejects if it exits non-zero.
 * @param {{ logFile: string, log: (line: string) => void, label: string, cwd?: string, capture?: boolean }} options
 */
export function runLogged(command, args, { logFile, log, label, cwd, capture = false }) {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    out.write(`\n$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NINJA_STATUS: '[%f/%t] ' },
    });
    const started = Date.now();
    let captured = '';
    let pending = '';
    let lastShown = { percent: -1, at: started };

    const showProgress = (line) => {
      const match = /^\[(\d+)\/(\d+)\]/.exec(line);
      if (!match) return;
      const [done, total] = [Number(match[1]), Number(match[2])];
      const percent = Math.floor((done * 100) / total);
      const now = Date.now();
      // Every 10 % or every minute, whichever comes first.
      if (done === total || percent >= lastShown.percent + 10 || now - lastShown.at >= 60_000) {
        lastShown = { percent, at: now };
        log(`${label}: ${done}/${total} (${percent}%), ${formatDuration(now - started)}`);
      }
    };

    child.stdout.on('data', (chunk) => {
      out.write(chunk);
      const text = chunk.toString();
      if (capture) captured += text;
      const lines = (pending + text).split('\n');
      pending = lines.pop();
      lines.forEach(showProgress);
    });
    child.stderr.on('data', (chunk) => out.write(chunk));
    // A terminated install must not leave the compiler running on its own.
    const forward = (signal) => {
      child.kill('SIGTERM');
      process.kill(process.pid, signal);
    };
    const stopForwarding = () => ['SIGINT', 'SIGTERM', 'SIGHUP'].forEach((s) => process.removeListener(s, forward));
    ['SIGINT', 'SIGTERM', 'SIGHUP'].forEach((s) => process.once(s, forward));
    child.on('error', (error) => {
      stopForwarding();
      out.end(() => reject(error));
    });
    child.on('close', (code, signal) => {
      stopForwarding();
      out.end(() => {
        if (code === 0) resolve(captured);
        else reject(new Error(`${label} failed (${signal ?? `exit code ${code}`})`));
      });
    });
  });
}
