import { pino, type Logger } from 'pino';

/*
 * One root logger for the process; each module asks for a named child. The level comes
 * from the validated config at start-up (see main.ts), so this module reads no env. pino
 * children copy their parent's level when created, hence the list.
 */
const root = pino({ base: { service: 'media-worker', pid: process.pid } });
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
