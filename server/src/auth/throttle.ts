/**
 * Counts failed logins per key (an e-mail, an IP address) in a sliding window and says when a key
 * must wait. In memory, so each server node counts on its own; a shared store comes with
 * multi-node deployments.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options: { maxFailures: number; windowMs: number; maxKeys?: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again, or 0. */
  waitFor(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.options.maxFailures) return 0;
    return recent[recent.length - this.options.maxFailures]! + this.options.windowMs - this.now();
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    // Bound the memory an attacker can make us use with random keys.
    if (this.failures.size > (this.options.maxKeys ?? 100_000)) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
