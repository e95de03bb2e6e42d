type Listener<Args extends unknown[]> = (...args: Args) => void;

/**
 * A small typed event emitter. `safeEmit` isolates listeners from each other and from the
 * emitter, as mediasoup's own does: a faulty view must not break the call it observes.
 */
export class TypedEmitter<Events extends Record<string, unknown[]>> {
  readonly #listeners = new Map<keyof Events, Set<unknown>>();

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }

  protected safeEmit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<Events[K]>)(...args);
      } catch (error) {
        console.error(`safeEmit() listener failed [event:${String(event)}]`, error);
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
