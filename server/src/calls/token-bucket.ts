/**
 * A token bucket: `burst` messages at once, then `perSecond` on average. Pure, with an injectable
 * clock, so that its arithmetic is tested without waiting.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly options: { perSecond: number; burst: number },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = options.burst;
    this.#last = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token, or 0 when one is there. */
  get waitMs(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.options.perSecond) * 1000);
  }

  #refill(): void {
    const now = this.now();
    this.#tokens = Math.min(this.options.burst, this.#tokens + ((now - this.#last) / 1000) * this.options.perSecond);
    this.#last = now;
  }
}
