/**
 * Runs at most `max` tasks at once; the rest wait in order. A task whose signal aborts while it
 * waits is dropped without running. Thumbnails use it so that a long list does not open twenty
 * PDFs at the same time on a phone.
 */
export function createLimiter(max: number) {
  let running = 0;
  const queue: (() => void)[] = [];

  function next(): void {
    while (running < max && queue.length > 0) queue.shift()!();
  }

  return function run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        if (signal?.aborted) {
          reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
          return;
        }
        running += 1;
        task()
          .then(resolve, reject)
          .finally(() => {
            running -= 1;
            next();
          });
      };
      queue.push(start);
      next();
    });
  };
}
