import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/*
 * Debian's WebKitGTK, driven over plain W3C WebDriver by its own WebKitWebDriver, with MiniBrowser
 * under Xvfb (RECIPES.md). Debian builds it without WebRTC, which is exactly what the tests need
 * it for: a real browser that has getUserMedia and a camera but no RTCPeerConnection.
 */
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export interface WebKitPage {
  goto(url: string): Promise<void>;
  /** Runs `script` (a function body; `arguments` holds `args`) in the page and returns its value. */
  evaluate<T>(script: string, ...args: unknown[]): Promise<T>;
  /** Waits until `selector` matches an element, or fails after `timeoutMs`. */
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function launchWebKit(): Promise<WebKitPage> {
  const port = await freePort();
  // Its own process group, so that closing it takes Xvfb and MiniBrowser along.
  const driver: ChildProcess = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await res.json()) as { value: T & { error?: string; message?: string } };
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value.error} ${json.value.message}`);
    return json.value;
  };
  const kill = () => {
    try {
      process.kill(-driver.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  try {
    for (let i = 0; ; i++) {
      const ready = await fetch(`${base}/status`, { signal: AbortSignal.timeout(1_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (i > 100) throw new Error('WebKitWebDriver did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const { sessionId } = await call<{ sessionId: string }>('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', '--enable-mock-capture-devices=true'] },
        },
      },
    });
    const session = `/session/${sessionId}`;
    const page: WebKitPage = {
      // Through a blank page: a private link differs from the open one in its fragment only, which
      // would not load the page again.
      async goto(url) {
        await call('POST', `${session}/url`, { url: 'about:blank' });
        await call('POST', `${session}/url`, { url });
      },
      evaluate: (script, ...args) => call('POST', `${session}/execute/sync`, { script, args }),
      async waitFor(selector, timeoutMs = 15_000) {
        const until = Date.now() + timeoutMs;
        while (!(await page.evaluate<boolean>('return document.querySelector(arguments[0]) !== null', selector))) {
          if (Date.now() > until) throw new Error(`WebKit: ${selector} did not appear within ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      screenshot: async () => Buffer.from(await call<string>('GET', `${session}/screenshot`), 'base64'),
      async close() {
        await call('DELETE', session).catch(() => undefined);
        kill();
      },
    };
    return page;
  } catch (error) {
    kill();
    throw error;
  }
}
