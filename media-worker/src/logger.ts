import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger } from 'pino';

/*
 * One root logger for the process; each module asks for a named child. The level comes
 * from the validated config at start-up (see main.ts), so this module reads no env. pino
 * children copy their parent's level when created, hence the list.
 */
const context = new AsyncLocalStorage<{ roomId: string; requestId?: string }>();

/** Runs one command with its room, and the server's request id when it sent one, on every line it logs. */
export function withCommandContext<T>(ctx: { roomId: string; requestId?: string }, fn: () => T): T {
  return context.run(ctx, fn);
}

const root = pino({
  base: { service: 'media-worker', pid: process.pid },
  mixin: () => {
    const c = context.getStore();
    return c ? (c.requestId ? { roomId: c.roomId, requestId: c.requestId } : { roomId: c.roomId }) : {};
  },
});
const children: Logger[] = [];

export function createLogger(name: string): Logger {
  const child = root.child({ module: name });
  children.push(child);
  return child;
}

export function setLogLevel(level: string): void {
  root.level = level;
  for (const child of children) child.level = level;
}
