import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api, catalogue, connectLive, DEMO, login, makeSlot, REPO_ROOT, startTestServer, type TestServer } from '@oac/tests/support';

/*
 * Issue 17's Prometheus metrics against the real server, PostgreSQL and media worker: /metrics
 * only for the bearer of METRICS_TOKEN on the main port, with no token on its own METRICS_PORT;
 * requests counted by their route's pattern; bookings and their conflicts; the live queue and the
 * mail outbox read from the database; sockets and their events; the media worker's rooms, peers,
 * transports, producers, consumers and CPU per worker.
 */

const TOKEN = 'metrics-token-of-the-test-0123456789';
let t: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await startTestServer({ media: true, env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0' } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.stop();
});

async function scrape(): Promise<string> {
  const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one series, by its name and labels as Prometheus writes them; 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('the /metrics endpoint', () => {
  it('answers only the bearer of the token on the main port', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect(await scrape()).toContain('# TYPE oac_http_requests_total counter');
  });

  it('is served with no token on its own port, and nothing else is', async () => {
    const url = t.server.metricsUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('oac_process_cpu_seconds_total');
    expect((await fetch(url.replace('/metrics', '/api/health'))).status).toBe(404);
  });

  it('is not served at all without a token', async () => {
    const plain = await startTestServer();
    try {
      const res = await fetch(`${plain.url}/metrics`);
      expect(res.status).toBe(404);
      expect(plain.server.metricsUrl).toBeNull();
    } finally {
      await plain.stop();
    }
  });
});

describe('what the metrics count', () => {
  it("counts requests by their route's pattern and status, never by their ids", async () => {
    const cookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await api(t.url, `/api/tickets/${id}`, { cookie })).status).toBe(404);
    const text = await scrape();
    expect(value(text, 'oac_http_requests_total{method="GET",route="/api/tickets/:id",status="404"}')).toBe(1);
    expect(text).not.toContain(id);
    expect(text).toMatch(/oac_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/tickets\/:id",status="404"\}/);
  });

  it('counts bookings and the conflicts of two citizens for one seat', async () => {
    const ids = await catalogue(t.db);
    const slotId = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 24 * 60, null, ids.service('PADRO'));
    const book = (name: string, email: string) =>
      api(t.url, '/api/bookings', { json: { slotId, serviceId: ids.service('PADRO'), name, email, language: 'ca' } });
    expect((await book('Anna Garcia', 'anna.metrics@example.org')).status).toBe(201);
    const second = await book('Pere Soler', 'pere.metrics@example.org');
    expect(second.body.error.code).toBe('slot_taken');
    const text = await scrape();
    expect(value(text, 'oac_bookings_total{result="booked"}')).toBe(1);
    expect(value(text, 'oac_bookings_total{result="conflict"}')).toBe(1);
  });

  it('reads the live queue and the mail outbox from the database', async () => {
    const ids = await catalogue(t.db);
    const asked = await api(t.url, '/api/live/requests', {
      json: { serviceId: ids.service('PADRO'), name: 'Laia Ferrer', email: 'laia.metrics@example.org', language: 'ca', mode: 'video' },
    });
    expect(asked.status).toBe(201);
    const text = await scrape();
    expect(value(text, 'oac_live_queue_length{queue="OAC"}')).toBe(1);
    expect(value(text, 'oac_live_queue_length{queue="HISENDA"}')).toBe(0);
    expect(text).toContain('oac_mail_outbox{status="pending"}');
    // The live socket of the waiting page, and its events.
    sockets.push(await connectLive(t.url, { liveToken: asked.body.token }));
    const after = await scrape();
    expect(value(after, 'oac_socket_connections{namespace="/live"}')).toBe(1);
    expect(value(after, 'oac_socket_connections_total{namespace="/live"}')).toBe(1);
    // A clerk becomes available: the citizen is offered to them, and the offer's latency is counted.
    const clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    expect((await api(t.url, '/api/live/presence', { cookie: clerk, json: { status: 'available' } })).status).toBe(200);
    await t.server.live.tick();
    const offered = await scrape();
    expect(value(offered, 'oac_live_offer_seconds_count{queue="OAC"}')).toBe(1);
  });

  it("reports the media worker's rooms, transports and CPU per mediasoup worker", async () => {
    const text = await scrape();
    expect(value(text, 'oac_media_up')).toBe(1);
    expect(text).toMatch(/^oac_media_rooms\{worker="\d+"\} \d+$/m);
    expect(text).toMatch(/^oac_media_consumers\{worker="\d+"\} \d+$/m);
    const cpu = /^oac_media_worker_cpu_seconds\{worker="\d+"\} ([\d.e+-]+)$/m.exec(text);
    expect(Number(cpu?.[1])).toBeGreaterThan(0);
    expect(value(text, 'oac_media_worker_deaths')).toBe(0);
  });

  it('serves every metric the Grafana dashboard in infra/ queries', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, 'infra/grafana/oac-dashboard.json'), 'utf8')) as {
      panels: { type: string; targets?: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((q) => q.expr));
    expect(exprs.length).toBeGreaterThan(15);
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\boac_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, ''))));
    const text = await scrape();
    const served = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect([...names].filter((n) => !served.has(n))).toEqual([]);
  });
});
