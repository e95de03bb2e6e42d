import { EventEmitter } from 'node:events';
import { createLogger } from './logger';

const log = createLogger('TypedEmitter');

/**
 * An EventEmitter typed by its event map, as in mediasoup's EnhancedEventEmitter.
 * `safeEmit` keeps a faulty listener from breaking the object that emits.
 */
export class TypedEmitter<E extends Record<keyof E, unknown[]>> extends EventEmitter<E> {
  safeEmit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    try {
      // Node's own typing of emit() cannot follow a generic key through its conditional types.
      return (this.emit as unknown as (event: K, ...args: E[K]) => boolean)(event, ...args);
    } catch (error) {
      log.error({ err: error }, 'safeEmit() listener threw [event:%s]', event);
      return Boolean(this.listenerCount(event as never));
    }
  }
}
