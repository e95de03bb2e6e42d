import { pino, type DestinationStream, type Logger } from 'pino';
import { logFields } from './log-context';

/** The root logger's settings; tests make one with a destination of their own. */
export function createRootLogger(destination?: DestinationStream): Logger {
  const options = {
    level: 'info',
    base: { app: 'oac-et-truca' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], remove: true },
    // The request (or socket event) being served, and its appointment, on every line written for it.
    mixin: logFields,
  };
  return destination ? pino(options, destination) : pino(options);
}

const root: Logger = createRootLogger();

export function setLogLevel(level: string): void {
  root.level = level;
}

/** One logger per module, named; lines say `what() [key:value]`. */
export function logger(name: string): Logger {
  return root.child({ module: name });
}
