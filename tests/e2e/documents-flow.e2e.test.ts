import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty, waitForMedia } from '../support/browser';
import { api, bookFor, DEMO, nssDbTrusting, pdfsigReport, qpdfCheck, startTestServer, type TestServer } from '../support/index';

/*
 * Issue 16, the whole path of a document in a call, in real Chromium: the citizen uploads with
 * progress; the clerk previews it, ticks the checklist, prepares a certificate, and places a
 * signature box; the citizen signs by drawing; the clerk stamps and seals. Both download the final
 * version, whose sha256 is the server's, with both signatures valid; /verify shows it by its code.
 */
const shots = path.join(os.tmpdir(), 'oac-e2e-shots');
let t: TestServer;
let browser: Browser;
let citizen: Page;
let clerk: Page;
let link: string;
let token: string;
let appointmentId: string;
let dir: string;
const pageErrors: string[] = [];
const pkiRoot = mkdtempSync(path.join(os.tmpdir(), 'oac-pki-'));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function twoPagePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2]) pdf.addPage([595, 842]).drawText(`Sol·licitud de padró, pàgina ${n}`, { x: 72, y: 760, size: 18, font });
  return pdf.save();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function downloadLatest(page: Page, kind: string): Promise<Buffer> {
  const item = page.locator(`[data-testid="document-item"][data-kind="${kind}"]`).first();
  await item.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
    await shot(page, `flow-debug-${kind}`);
    throw e;
  });
  const [download] = await Promise.all([page.waitForEvent('download'), item.getByTestId('download-button').click()]);
  const file = path.join(dir, `${kind}-${Math.random().toString(36).slice(2)}.pdf`);
  await download.saveAs(file);
  return readFileSync(file);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(path.join(os.tmpdir(), 'oac-flow-'));
  writeFileSync(path.join(dir, 'sollicitud.pdf'), await twoPagePdf());
  t = await startTestServer({ media: true, clientDist: true, env: { DEV_PKI_DIR: path.join(pkiRoot, 'pki') } });
  const booking = await bookFor(t, 'anna', 5);
  link = booking.link;
  token = new URL(link, t.url).hash.slice(1);
  appointmentId = booking.appointment.id;
  browser = await launchChromium();
  citizen = (await newParty(browser, t.url)).page;
  clerk = (await newParty(browser, t.url)).page;
  // A page that throws is a failure of its own, not a timeout later.
  for (const page of [citizen, clerk]) page.on('pageerror', (e) => pageErrors.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  rmSync(pkiRoot, { recursive: true, force: true });
});

describe('a document from upload to seal, during a call', () => {
  it('the clerk and the citizen are in the call', async () => {
    await clerk.goto('/staff/login');
    await clerk.getByTestId('login-email').fill(DEMO.clerk.email);
    await clerk.getByTestId('login-password').fill(DEMO.clerk.password);
    await clerk.getByTestId('login-submit').click();
    await clerk.waitForURL((url) => url.pathname !== '/staff/login');
    await clerk.goto(`/staff/appointments/${appointmentId}`);
    await clerk.getByTestId('start-call').click();
    await citizen.goto(link);
    await citizen.getByTestId('join-button').click();
    await citizen.getByTestId('lobby').waitFor();
    await clerk.getByTestId('admit-button').click();
    await Promise.all([
      waitForMedia(citizen, { videoFramesDecoded: 5, audioPacketsReceived: 5 }),
      waitForMedia(clerk, { videoFramesDecoded: 5, audioPacketsReceived: 5 }),
    ]);
  });

  it('the citizen uploads with progress; the clerk previews it and ticks it off the checklist', async () => {
    await citizen.getByTestId('document-upload-input').setInputFiles(path.join(dir, 'sollicitud.pdf'));
    const item = clerk.locator('[data-testid="document-item"][data-kind="upload"]').first();
    await item.waitFor({ timeout: 20_000 });
    await item.getByTestId('preview-button').click();
    await clerk.getByTestId('preview-dialog').waitFor();
    await clerk.locator('[data-testid="viewer-canvas"]').waitFor();
    await clerk.keyboard.press('Escape');
    await clerk.getByTestId('preview-dialog').waitFor({ state: 'detached' });
    const check = clerk.getByTestId('checklist-check').first();
    await check.check();
    await expect.poll(() => check.isChecked()).toBe(true);
    // The citizen's list reads it as received.
    await expect
      .poll(async () => (await api(t.url, `/api/appointments/${appointmentId}/checklist`, { token })).body[0].done, { timeout: 10_000 })
      .toBe(true);
  });

  it('the clerk prepares a certificate in the citizen’s language', async () => {
    await clerk.getByTestId('prepare-open').click();
    await clerk.getByTestId('prepare-dialog').waitFor();
    await clerk.getByTestId('prepare-template-certificate').check();
    await clerk.getByTestId('prepare-text').fill('Que consta empadronada al municipi des de 2019.');
    await clerk.getByTestId('prepare-submit').click();
    await citizen.locator('[data-testid="document-item"][data-kind="prepared"]').waitFor({ timeout: 20_000 });
  });

  it('the clerk places a signature box; the citizen draws and signs; the clerk stamps and seals', async () => {
    const upload = clerk.locator('[data-testid="document-item"][data-kind="upload"]').first();
    await upload.getByTestId('issue-ask-signature').click();
    await clerk.getByTestId('signature-box-picker').waitFor();
    await clerk.getByTestId('box-preset-bottom-right').click();
    await clerk.getByTestId('box-placed').first().waitFor();
    await shot(clerk, 'flow-box-picker-desktop');
    await clerk.getByTestId('box-send').click();
    await clerk.getByTestId('signature-box-picker').waitFor({ state: 'detached' });

    await citizen.getByTestId('sign-open').click({ timeout: 30_000 });
    await citizen.getByTestId('sign-dialog').waitFor();
    await citizen.getByTestId('signature-box-highlight').waitFor();
    const canvas = citizen.getByTestId('signature-canvas');
    const box = (await canvas.boundingBox())!;
    await citizen.mouse.move(box.x + 20, box.y + box.height * 0.7);
    await citizen.mouse.down();
    for (let i = 1; i <= 12; i++) await citizen.mouse.move(box.x + 20 + i * 18, box.y + box.height * (0.7 - 0.4 * Math.sin(i / 2)));
    await citizen.mouse.up();
    await shot(citizen, 'flow-sign-desktop');
    await citizen.getByTestId('signature-sign').click();
    await citizen.getByTestId('sign-dialog').waitFor({ state: 'detached', timeout: 30_000 });

    const signed = clerk.locator('[data-testid="document-item"][data-kind="signed"]').first();
    await signed.waitFor({ timeout: 30_000 });
    await signed.getByTestId('stamp-button').click();
    const stamped = clerk.locator('[data-testid="document-item"][data-kind="stamped"]').first();
    await stamped.waitFor({ timeout: 30_000 });
    await stamped.getByTestId('issue-seal').click();
    await clerk.getByTestId('seal-confirm').click();
    await clerk.locator('[data-testid="document-item"][data-kind="sealed"]').first().waitFor({ timeout: 30_000 });
    await shot(clerk, 'flow-clerk-desktop');
  });

  it('both download the sealed version: the server’s sha256, two valid signatures, a clean PDF', async () => {
    const list = (
      await api<{ kind: string; sha256: string; verificationCode: string | null; documentId: string }[]>(
        t.url,
        `/api/appointments/${appointmentId}/documents`,
        { token },
      )
    ).body;
    const sealed = list.find((d) => d.kind === 'sealed')!;
    const atCitizen = await downloadLatest(citizen, 'sealed');
    const atClerk = await downloadLatest(clerk, 'sealed');
    expect(sha(atCitizen)).toBe(sealed.sha256);
    expect(sha(atClerk)).toBe(sealed.sha256);
    const nss = nssDbTrusting(readFileSync(path.join(pkiRoot, 'pki', 'ca.pem'), 'utf8'));
    try {
      const report = await pdfsigReport(atCitizen, { nssDir: nss });
      expect(report.signatures.map((s) => [s.valid, s.trusted, s.totalDocumentSigned])).toEqual([
        [true, true, false],
        [true, true, true],
      ]);
    } finally {
      rmSync(nss, { recursive: true, force: true });
    }
    expect((await qpdfCheck(atCitizen)).ok).toBe(true);
    await shot(citizen, 'flow-citizen-desktop');
    await citizen.setViewportSize({ width: 390, height: 844 });
    await citizen.locator('[data-testid="document-item"][data-kind="sealed"]').first().scrollIntoViewIfNeeded();
    await citizen.waitForTimeout(500);
    await shot(citizen, 'flow-citizen-phone');
    await citizen.setViewportSize({ width: 1280, height: 800 });

    // /verify, from the code printed on it, shows the same document.
    const page = (await newParty(browser, t.url)).page;
    await page.goto(`/verify?code=${encodeURIComponent(sealed.verificationCode!)}`);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain(sealed.sha256.slice(0, 16));
    await shot(page, 'flow-verify-desktop');
    expect(pageErrors).toEqual([]);
  });
});
