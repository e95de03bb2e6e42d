import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createLimiter', () => {
  it('never runs more than its maximum at once, and runs the waiting ones in order', async () => {
    const run = createLimiter(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = [0, 1, 2, 3, 4].map(() => deferred());
    const all = gates.map((gate, i) =>
      run(async () => {
        active += 1;
        peak = Math.max(peak, active);
        order.push(i);
        await gate.promise;
        active -= 1;
        return i;
      }),
    );
    await Promise.resolve();
    expect(order).toEqual([0, 1]);
    gates[1]!.resolve();
    await all[1];
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops a waiting task whose signal aborted, without running it, and frees the slot of a failed one', async () => {
    const run = createLimiter(1);
    const gate = deferred();
    const first = run(() => gate.promise.then(() => Promise.reject(new Error('broken'))));
    const controller = new AbortController();
    let ran = false;
    const dropped = run(async () => {
      ran = true;
    }, controller.signal);
    const third = run(async () => 'third');
    controller.abort();
    gate.resolve();
    await expect(first).rejects.toThrow('broken');
    await expect(dropped).rejects.toBeDefined();
    expect(await third).toBe('third');
    expect(ran).toBe(false);
  });
});
