import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty } from '../support/browser';
import { api, bookFor, DEMO, login, startTestServer, type TestServer } from '../support/index';

// Issue 16: the public /verify page, in real Chromium, for a document the office stamped and
// sealed, one it issued and then deleted, a code nobody issued, and an address that keeps guessing.

const shots = path.join(process.env.TMPDIR ?? os.tmpdir(), 'oac-e2e-shots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// Wrong codes an address may try before it is refused; the last test spends them.
const INVALID_PER_HOUR = 4;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function violations(page: Page): Promise<string> {
  // Through the DevTools protocol, which the page's CSP rightly does not allow inline.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');
}

async function samplePdf(title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText(title, { x: 72, y: 760, size: 18, font });
  return pdf.save();
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let t: TestServer;
let browser: Browser;
let clerk: string;
let ticketNumber: string;
let officeName: string;
let issuerName: string;
let sealed: { id: string; sha256: string; filename: string; verificationCode: string };
let deletedCode: string;
const consoleErrors: string[] = [];

/** A PDF the citizen sends, then the clerk's first step on it; returns the issued version. */
async function issue(token: string, appointmentId: string, filename: string) {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(await samplePdf(filename))]), filename);
  const up = await api(t.url, `/api/appointments/${appointmentId}/documents`, { method: 'POST', body: form, token });
  expect(up.status).toBe(201);
  const stamped = await api(t.url, `/api/documents/${up.body.id}/stamp`, { method: 'POST', cookie: clerk });
  expect(stamped.status).toBe(201);
  return stamped.body;
}

async function openPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const { page } = await newParty(browser, t.url, viewport, []);
  await page.addInitScript(() => localStorage.setItem('oac.language', 'ca'));
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return page;
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestServer({ clientDist: true, env: { VERIFY_INVALID_PER_HOUR: String(INVALID_PER_HOUR) } });
  const anna = await bookFor(t, 'anna', 300);
  const token = new URL(anna.link, t.url).hash.slice(1);
  ticketNumber = anna.appointment.ticketNumber;
  issuerName = (await t.db('staff_users').where({ email: DEMO.clerk.email }).first('name')).name;
  officeName = (await t.db('offices').where({ slug: 'oac-ciutat-vella' }).first('name_ca')).name_ca;
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  const stamped = await issue(token, anna.appointment.id, 'certificat-empadronament.pdf');
  const seal = await api(t.url, `/api/documents/${stamped.id}/seal`, { method: 'POST', cookie: clerk });
  expect(seal.status).toBe(201);
  sealed = seal.body;
  const gone = await issue(token, anna.appointment.id, 'esborrany.pdf');
  deletedCode = gone.verificationCode;
  const deleted = await api(t.url, `/api/documents/${gone.id}`, { method: 'DELETE', json: { reason: 'Era un esborrany' }, cookie: clerk });
  expect(deleted.status).toBe(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('/verify in real Chromium', () => {
  it('opened from the QR code, shows what the office issued, and the download matches its sha256', async () => {
    const page = await openPage();
    await page.goto(`/verify?code=${encodeURIComponent(sealed.verificationCode)}`);
    await page.getByTestId('verify-facts').waitFor();
    expect(await page.getByTestId('verify-code').inputValue()).toBe(sealed.verificationCode);
    expect(await page.getByTestId('verify-found').textContent()).toContain(sealed.verificationCode);
    expect(await page.getByTestId('verify-filename').textContent()).toBe(sealed.filename);
    expect(await page.getByTestId('verify-ticket').textContent()).toBe(ticketNumber);
    expect(await page.getByTestId('verify-office').textContent()).toBe(officeName);
    expect(await page.getByTestId('verify-issuer').textContent()).toBe(issuerName);
    expect(await page.getByTestId('verify-sealed').textContent()).toBe('Sí, porta el segell electrònic de l’oficina');
    expect(await page.getByTestId('verify-sha256').textContent()).toBe(sealed.sha256);
    // The stamped version, then the sealed one; the citizen's upload is not the office's to vouch for.
    const versions = await page.getByTestId('verify-version').allTextContents();
    expect(versions).toHaveLength(2);
    expect(versions[0]).toContain('Versió 2: Segellat');
    expect(versions[1]).toContain('Versió 3: Amb segell electrònic');
    expect(versions[1]).toContain(sealed.sha256);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('verify-download').click()]);
    expect(download.suggestedFilename()).toBe(sealed.filename);
    const bytes = readFileSync((await download.path())!);
    expect(sha(bytes)).toBe(sealed.sha256);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    await page.screenshot({ path: path.join(shots, 'verify-desktop.png'), fullPage: true });
    expect(await violations(page)).toBe('');
    await page.context().close();
  });

  it('on a phone, takes the code typed in lower case with spaces, and fits the screen', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.goto('/verify');
    const spaced = sealed.verificationCode.toLowerCase().replace(/-/g, ' ');
    await page.getByTestId('verify-code').fill(spaced);
    await page.getByTestId('verify-code').press('Enter');
    await page.getByTestId('verify-facts').waitFor();
    expect(await page.getByTestId('verify-code').inputValue()).toBe(sealed.verificationCode);
    expect(new URL(page.url()).searchParams.get('code')).toBe(sealed.verificationCode);
    expect(await page.getByTestId('verify-sha256').textContent()).toBe(sealed.sha256);
    // The fingerprint breaks across lines instead of pushing the page sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(shots, 'verify-phone.png'), fullPage: true });
    expect(await violations(page)).toBe('');
    await page.context().close();
  });

  it('a deleted document: says so, and offers no download', async () => {
    const page = await openPage();
    await page.goto(`/verify?code=${deletedCode}`);
    await page.getByTestId('verify-deleted').waitFor();
    expect(await page.getByTestId('verify-filename').textContent()).toMatch(/esborrany/);
    expect(await page.getByTestId('verify-download').count()).toBe(0);
    await page.context().close();
  });

  it('a malformed code is refused on the page; an unknown one is said so; a guesser is stopped with the wait', async () => {
    const page = await openPage();
    await page.goto('/verify');
    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('/api/verify/') && requests.push(r.url()));

    await page.getByTestId('verify-code').fill('ABCD-2345');
    await page.getByTestId('verify-submit').click();
    await expect.poll(() => page.getByTestId('verify-code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#verify-code-error').textContent()).toContain('ABCD-2345-EFGH-6789');
    expect(requests).toEqual([]);

    const check = async (code: string) => {
      await page.getByTestId('verify-code').fill(code);
      await page.getByTestId('verify-submit').click();
      await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-state')).toBe('failed');
      return page.getByTestId('verify-failure');
    };
    const unknown = await check('ZZZZ-ZZZZ-ZZZZ-2345');
    expect(await unknown.getAttribute('data-code')).toBe('verification_code_unknown');
    expect(await unknown.textContent()).toBe("No s'ha emès cap document amb aquest codi. Reviseu-lo i torneu-ho a provar.");
    expect(await page.getByTestId('verify-download').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'verify-unknown-desktop.png'), fullPage: true });

    for (let i = 1; i < INVALID_PER_HOUR; i += 1) await check(`ZZZZ-ZZZZ-ZZZZ-${String(3000 + i).replace(/[01]/g, '9')}`);
    // Over the limit, even the right code is refused, with the time to wait.
    const blocked = await check(sealed.verificationCode);
    expect(await blocked.getAttribute('data-code')).toBe('rate_limited');
    expect(await blocked.textContent()).toMatch(/Massa codis erronis.*d’aquí a \d+/);
    await page.context().close();
  });

  it('logged no errors in the pages', () => {
    // The 404 and 429 answers of the last test are the browser's own console lines for a failed fetch.
    expect(consoleErrors.filter((e) => !/status of (404|429)/.test(e))).toEqual([]);
  });
});
