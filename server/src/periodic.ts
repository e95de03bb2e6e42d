/** A job that runs every so often on each node, one round at a time; `stop` waits for a round under way. */
export interface Periodic {
  stop(): Promise<void>;
}

/**
 * Runs `round` every `everyMs`, never two rounds at once: a round still running when the next is
 * due is left to finish, and the due one is skipped. A failed round is logged; the next one tries
 * again. The timer does not keep the process alive.
 */
export function every(everyMs: number, name: string, round: () => Promise<unknown>, log: { warn(o: object, msg: string): void }): Periodic {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = round()
      .catch((err: unknown) => log.warn({ err }, `${name}() failed; trying again at the next round`))
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
