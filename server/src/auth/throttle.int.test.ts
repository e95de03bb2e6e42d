import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, DEMO, startTestServer, type TestServer } from '@oac/tests/support';

/*
 * The login throttle, attacked as issue 11 (§4) did: it must slow guessing down without letting
 * anybody lock a clerk out, it must believe X-Forwarded-For only from a configured proxy, and its
 * state must be the same on every server node.
 */

let proxied: TestServer; // behind a trusted proxy on loopback, so a test can speak for many addresses
let direct: TestServer; // no proxy configured: the socket's own address is the client's

beforeAll(async () => {
  [proxied, direct] = await Promise.all([startTestServer({ env: { TRUST_PROXY: 'loopback' } }), startTestServer()]);
});
afterAll(async () => {
  await proxied?.stop();
  await direct?.stop();
});

type Attempt = { status: number; retryAfter: number | null; cookies: string[]; code: string | undefined };

async function attempt(
  t: TestServer | { url: string },
  who: { email: string; password: string },
  opts: { from?: string; cookie?: string } = {},
): Promise<Attempt> {
  const res = await api(t.url, '/api/auth/login', {
    json: who,
    headers: { ...(opts.from ? { 'x-forwarded-for': opts.from } : {}) },
    cookie: opts.cookie,
  });
  const retryAfter = res.headers.get('retry-after');
  return {
    status: res.status,
    retryAfter: retryAfter === null ? null : Number(retryAfter),
    cookies: res.headers.getSetCookie().map((c) => c.split(';')[0]!),
    code: res.body?.error?.code,
  };
}

const wrong = (who: { email: string }, i: number) => ({ email: who.email, password: `wrong-guess-${i}` });
const deviceCookie = (a: Attempt) => a.cookies.find((c) => c.startsWith('oac_device='));

describe('login throttle', () => {
  it('slows one address down progressively, says the real wait, and never locks hard', async () => {
    const from = '198.51.100.7';
    for (let i = 0; i < 6; i++) expect((await attempt(proxied, wrong(DEMO.scheduler, i), { from })).status).toBe(401);
    const first = await attempt(proxied, wrong(DEMO.scheduler, 6), { from });
    expect(first).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 1 });
    await new Promise((r) => setTimeout(r, 1_050));
    expect((await attempt(proxied, wrong(DEMO.scheduler, 7), { from })).status).toBe(401);
    expect(await attempt(proxied, wrong(DEMO.scheduler, 8), { from })).toMatchObject({ status: 429, retryAfter: 2 });
    await new Promise((r) => setTimeout(r, 2_050));
    // The wait is over: the right password goes through, and starts this browser's count afresh.
    expect((await attempt(proxied, DEMO.scheduler, { from })).status).toBe(200);
  });

  it("never locks a clerk's own browser out, whatever an attacker sends from anywhere", async () => {
    const clerk = DEMO.housingClerk;
    const before = await attempt(proxied, clerk, { from: '203.0.113.10' });
    expect(before.status).toBe(200);
    const device = deviceCookie(before)!;
    expect(device).toMatch(/^oac_device=[A-Za-z0-9_-]{43}$/);
    // Guesses from 40 addresses: far past the per-account limit.
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 2; j++)
        if ((await attempt(proxied, wrong(clerk, i * 2 + j), { from: `192.0.2.${i + 1}` })).status === 429) refused++;
    }
    expect(refused).toBeGreaterThan(0);
    // Progressive delays make a long attack slow to run, so its end state is written here: the
    // account has failed 40 times, a moment ago.
    await proxied.db('auth_failures').where({ scope: 'account' }).update({ failures: 40, last_at: proxied.db.fn.now() });
    // The clerk's own browser gets in at once, from their usual address or any other...
    expect((await attempt(proxied, clerk, { from: '203.0.113.10', cookie: device })).status).toBe(200);
    expect((await attempt(proxied, clerk, { from: '192.0.2.1', cookie: device })).status).toBe(200);
    // ...while a browser the account never used is slowed down, with the honest wait.
    const stranger = await attempt(proxied, clerk, { from: '203.0.113.99' });
    expect(stranger.status).toBe(429);
    expect(stranger.retryAfter).toBeGreaterThan(60);
    // A device cookie of another account is no pass for this one.
    const admin = await attempt(proxied, DEMO.admin, { from: '203.0.113.50' });
    expect((await attempt(proxied, clerk, { from: '203.0.113.99', cookie: deviceCookie(admin) })).status).toBe(429);
  });

  it('does not lock out an office behind one address when that address sprays other accounts', async () => {
    const office = '198.51.100.200';
    const clerk = await attempt(proxied, DEMO.clerk, { from: office });
    expect(clerk.status).toBe(200);
    let refused = 0;
    for (let i = 0; i < 70; i++) {
      if ((await attempt(proxied, { email: `nobody-${i}@oac.example`, password: 'x' }, { from: office })).status === 429) refused++;
    }
    expect(refused).toBeGreaterThan(0);
    await proxied.db('auth_failures').where({ scope: 'address' }).update({ failures: 200, last_at: proxied.db.fn.now() });
    expect((await attempt(proxied, { email: 'nobody-x@oac.example', password: 'x' }, { from: office })).status).toBe(429);
    expect((await attempt(proxied, DEMO.clerk, { from: office, cookie: deviceCookie(clerk) })).status).toBe(200);
  });

  it('counts concurrent guesses one by one, so a burst cannot slip through together', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(proxied, { email: 'burst@oac.example', password: `p${i}` }, { from: '198.51.100.77' })),
    );
    const tried = results.filter((r) => r.status === 401).length;
    // Five free failures and the sixth, which sets the first delay; the rest wait.
    expect(tried).toBe(6);
    expect(results.filter((r) => r.status === 429)).toHaveLength(34);
  });

  it('ignores a forged X-Forwarded-For unless the proxy is configured', async () => {
    let through = 0;
    for (let i = 0; i < 55; i++) {
      const r = await attempt(direct, wrong(DEMO.clerk, i), { from: `10.9.${Math.floor(i / 250)}.${i % 250}` });
      if (r.status === 401) through++;
    }
    // Six, or seven if the loop outlasted the first one-second wait: never the 55 a forged header got before.
    expect(through).toBeGreaterThanOrEqual(6);
    expect(through).toBeLessThanOrEqual(7);
  });

  it('keeps its counts in the database, so every server node sees the same', async () => {
    const other = await direct.sibling();
    try {
      for (let i = 0; i < 6; i++) expect((await attempt(direct, wrong(DEMO.scheduler, i))).status).toBe(401);
      expect((await attempt(other, wrong(DEMO.scheduler, 6))).status).toBe(429);
    } finally {
      await other.stop();
    }
  });
});
