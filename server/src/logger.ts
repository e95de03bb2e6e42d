import { pino, type Logger } from 'pino';

const root: Logger = pino({
  level: 'info',
  base: { app: 'oac-et-truca' },
  redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], remove: true },
});

export function setLogLevel(level: string): void {
  root.level = level;
}

/** One logger per module, named; lines say `what() [key:value]`. */
export function logger(name: string): Logger {
  return root.child({ module: name });
}
