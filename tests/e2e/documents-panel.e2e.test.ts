import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty } from '../support/browser';
import { launchFirefox } from '../support/firefox';
import { api, bookFor, DEMO, startTestServer, type TestServer } from '../support/index';

// Issue 16: the documents panel in the browser: upload with progress and cancel, thumbnails and
// previews drawn by pdf.js under the platform's CSP, versions, and deletion with a reason.

const shots = path.join(os.tmpdir(), 'oac-e2e-shots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Every value the upload's progress took, read from the page as it changed.
const RECORD_PROGRESS = `
  window.__uploadPercents = [];
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[data-percent]')) window.__uploadPercents.push(Number(el.dataset.percent));
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-percent'] });
`;

let t: TestServer;
let browser: Browser;
let citizen: Page;
let citizenContext: BrowserContext;
let clerk: Page;
let token: string;
let link: string;
let appointmentId: string;
let dir: string;
const consoleErrors: string[] = [];

/** A PDF of two pages, with real drawing on each, padded to about `bytes` with an unreferenced stream. */
async function makePdf(bytes: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const [i, colour] of [rgb(0.65, 0.1, 0.18), rgb(0.12, 0.3, 0.47)].entries()) {
    const page = pdf.addPage([595, 842]);
    page.drawRectangle({ x: 60, y: 600, width: 475, height: 180, color: colour });
    page.drawText(`Sol·licitud, pàgina ${i + 1}`, { x: 72, y: 560, size: 24, font });
  }
  const padding = bytes - (await pdf.save()).length;
  if (padding > 0) pdf.context.register(pdf.context.stream(randomBytes(padding)));
  return pdf.save();
}

function makePng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i += 1) png.data.set([20, 110, 60, 255], i * 4);
  return PNG.sync.write(png);
}

/** The whole page, or with a dialog open, what is on screen (a modal stays put while the page scrolls). */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
}

/** How many pixels of a canvas are not white (nor transparent): a drawn page has thousands. */
function inkedPixels(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) inked += 1;
      }
      return inked;
    });
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical findings inside one part of the page. */
async function violations(page: Page, selector: string): Promise<string> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run(ctx: object, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return axe.run({ include: [include] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  }, selector);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');
}

/** Slows the page's uploads to `bytesPerSecond`, as a citizen's mobile line would; null lifts it. */
async function throttleUploads(page: Page, bytesPerSecond: number | null): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: bytesPerSecond === null ? 0 : 20,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
}

const listed = async () =>
  (await api<{ filename: string; deleted: { reason: string } | null }[]>(t.url, `/api/appointments/${appointmentId}/documents`, { token }))
    .body;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(path.join(os.tmpdir(), 'oac-docs-e2e-'));
  writeFileSync(path.join(dir, 'sollicitud.pdf'), await makePdf(3 * 1024 * 1024));
  writeFileSync(path.join(dir, 'annex-gran.pdf'), await makePdf(14 * 1024 * 1024));
  writeFileSync(path.join(dir, 'foto-dni.png'), makePng(240, 160));
  t = await startTestServer({ media: true, clientDist: true });
  const booking = await bookFor(t, 'anna', 5);
  link = booking.link;
  token = new URL(link, t.url).hash.slice(1);
  appointmentId = booking.appointment.id;
  browser = await launchChromium();
  ({ page: citizen, context: citizenContext } = await newParty(browser, t.url));
  clerk = (await newParty(browser, t.url)).page;
  await citizen.addInitScript(RECORD_PROGRESS);
  for (const page of [citizen, clerk]) {
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('the documents panel, in real Chromium', () => {
  it('the citizen uploads a 3 MB PDF and sees the progress reach 100 %', async () => {
    await citizen.goto(link);
    await citizen.getByTestId('documents-panel').waitFor();
    // A file the platform refuses leaves an error; the next upload clears it as it starts.
    await citizen
      .getByTestId('document-upload-input')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hola') });
    await citizen.getByTestId('documents-error').waitFor();
    await throttleUploads(citizen, 1.5 * 1024 * 1024);
    await citizen.getByTestId('document-upload-input').setInputFiles(path.join(dir, 'sollicitud.pdf'));
    await citizen.getByTestId('upload-progress').waitFor();
    expect(await citizen.getByTestId('documents-error').count()).toBe(0);
    await citizen.locator('[data-testid="document-item"]').first().waitFor({ timeout: 30_000 });
    const percents = await citizen.evaluate(() => (window as unknown as { __uploadPercents: number[] }).__uploadPercents);
    expect(Math.max(...percents)).toBe(100);
    // It moved on the way, not only jumped from nothing to done.
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    await expect.poll(() => citizen.getByTestId('documents-toast').textContent()).toContain('sollicitud.pdf');
    expect(await citizen.locator('[data-testid="upload-progress"]').count()).toBe(0);
  });

  it('cancels a larger upload midway: no document appears, and the server lists none', async () => {
    await citizen.getByTestId('document-upload-input').setInputFiles(path.join(dir, 'annex-gran.pdf'));
    const progress = citizen.getByTestId('upload-progress');
    await expect.poll(async () => Number(await progress.getAttribute('data-percent')), { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
    expect(Number(await progress.getAttribute('data-percent'))).toBeLessThan(90);
    await shot(citizen, 'documents-upload-progress-desktop');
    // The bar, its label and the Cancel button are named for a screen reader.
    expect(await violations(citizen, '[data-testid="documents-panel"]')).toBe('');
    await citizen.getByTestId('upload-cancel').click();
    await progress.waitFor({ state: 'detached' });
    await expect.poll(() => citizen.getByTestId('documents-toast').textContent()).toContain('annex-gran.pdf');
    await throttleUploads(citizen, null);
    // Give the server the time to notice the closed request, then check nothing of it stayed.
    await citizen.waitForTimeout(1_500);
    expect(await citizen.getByTestId('document-item').count()).toBe(1);
    expect((await listed()).map((d) => d.filename)).toEqual(['sollicitud.pdf']);
  });

  it('the clerk, in the call, sees a thumbnail drawn by pdf.js and previews the PDF page by page', async () => {
    await clerk.goto('/staff/login');
    await clerk.getByTestId('login-email').fill(DEMO.clerk.email);
    await clerk.getByTestId('login-password').fill(DEMO.clerk.password);
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('agenda-prev').waitFor();
    await clerk.goto(`/staff/appointments/${appointmentId}`);
    await clerk.getByTestId('start-call').click();
    const item = clerk.getByTestId('document-item').first();
    await item.waitFor({ timeout: 20_000 });
    // Thumbnails are drawn once they scroll into view (the clerk's checklist and templates come first).
    await item.scrollIntoViewIfNeeded();
    await item.locator('[data-testid="document-thumbnail"][data-state="ready"]').waitFor({ timeout: 20_000 });
    expect(await inkedPixels(clerk, '[data-testid="document-thumbnail"] canvas')).toBeGreaterThan(200);

    await item.getByTestId('preview-button').click();
    const dialog = clerk.getByTestId('preview-dialog');
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true);
    await expect.poll(() => inkedPixels(clerk, '[data-testid="viewer-canvas"]'), { timeout: 20_000 }).toBeGreaterThan(10_000);
    await expect.poll(() => clerk.getByTestId('viewer-page').textContent()).toMatch(/1\D+2/);
    await shot(clerk, 'documents-preview-desktop', false);
    // pdf.js parses in its own worker, a file the platform serves, not on the page's thread.
    expect(clerk.workers().map((w) => new URL(w.url()).pathname)).toContainEqual(
      expect.stringMatching(/^\/assets\/pdf\.worker[^/]*\.mjs$/),
    );
    await clerk.getByTestId('viewer-next').click();
    await expect.poll(() => clerk.getByTestId('viewer-page').textContent()).toMatch(/2\D+2/);
    const fitWidth = await clerk.getByTestId('viewer-canvas').evaluate((c) => c.getBoundingClientRect().width);
    await clerk.getByRole('button', { name: 'Zoom in' }).click();
    await expect
      .poll(() => clerk.getByTestId('viewer-canvas').evaluate((c) => c.getBoundingClientRect().width))
      .toBeGreaterThan(fitWidth * 1.2);
    await clerk.getByTestId('viewer-fit').click();
    await expect
      .poll(() => clerk.getByTestId('viewer-canvas').evaluate((c) => Math.round(c.getBoundingClientRect().width)))
      .toBe(Math.round(fitWidth));
    // The keyboard turns pages too, from the page itself.
    await clerk.getByTestId('viewer-area').focus();
    await clerk.keyboard.press('ArrowLeft');
    await expect.poll(() => clerk.getByTestId('viewer-page').textContent()).toMatch(/1\D+2/);
    expect(await violations(clerk, '[data-testid="preview-dialog"]')).toBe('');
    await clerk.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus is back on the button that opened it.
    await expect.poll(() => clerk.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('preview-button');
  });

  it('a document the citizen sends during the call is announced to the clerk visibly and highlighted', async () => {
    await citizen.getByTestId('document-upload-input').setInputFiles(path.join(dir, 'foto-dni.png'));
    const arrived = clerk.locator('[data-testid="document-item"][data-highlighted="true"]');
    await arrived.waitFor({ timeout: 20_000 });
    expect(await arrived.textContent()).toContain('foto-dni.png');
    await expect.poll(() => clerk.getByTestId('documents-toast').textContent()).toContain('foto-dni.png');
    expect(await clerk.getByTestId('documents-toast').isVisible()).toBe(true);
    await shot(clerk, 'documents-arrived-desktop');
    // An image previews as itself, from a blob the page fetched with the clerk's session.
    const image = clerk.locator('[data-testid="document-item"]', { hasText: 'foto-dni.png' });
    await image.scrollIntoViewIfNeeded();
    await image.locator('[data-testid="document-thumbnail"][data-state="ready"] img').waitFor();
    await image.getByTestId('preview-button').click();
    const shown = clerk.getByTestId('preview-image');
    await shown.waitFor();
    await expect.poll(() => shown.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(240);
    await clerk.getByTestId('dialog-close').click();
    await clerk.getByTestId('preview-dialog').waitFor({ state: 'detached' });
  });

  it('the clerk stamps the PDF: one document with two versions, the newest badged', async () => {
    const pdf = clerk.locator('[data-testid="document-item"]', { hasText: 'sollicitud' });
    await pdf.getByTestId('stamp-button').click();
    await clerk.locator('[data-testid="document-item"][data-kind="stamped"]').waitFor({ timeout: 20_000 });
    expect(await clerk.getByTestId('document-item').count()).toBe(2);
    const stamped = clerk.locator('[data-testid="document-item"][data-kind="stamped"]');
    await stamped.locator('summary').click();
    expect(await stamped.getByTestId('document-version').count()).toBe(2);
    expect(await stamped.getByTestId('version-download').count()).toBe(2);
    expect(await stamped.locator('.doc-version__hash').first().textContent()).toMatch(/^[0-9a-f]{12}$/);
  });

  it('the clerk deletes a document with a reason, and both sides see the tombstone', async () => {
    const image = clerk.locator('[data-testid="document-item"]', { hasText: 'foto-dni.png' });
    await image.getByTestId('delete-button').click();
    const dialog = clerk.getByTestId('delete-dialog');
    await dialog.waitFor();
    // The reason is what the dialog asks: the cursor starts there.
    await expect.poll(() => clerk.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('delete-reason');
    // No reason, no deletion: the dialog says what it needs and stays.
    await clerk.getByTestId('delete-confirm').click();
    await dialog.locator('.field__error').waitFor();
    await clerk.getByTestId('delete-reason').fill('Foto duplicada, enviada dues vegades');
    expect(await violations(clerk, '[data-testid="delete-dialog"]')).toBe('');
    await shot(clerk, 'documents-delete-dialog-desktop', false);
    await clerk.getByTestId('delete-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    const tombstone = image.getByTestId('document-tombstone');
    await tombstone.waitFor();
    expect(await tombstone.textContent()).toContain('Foto duplicada, enviada dues vegades');
    expect(await image.getByTestId('download-button').count()).toBe(0);
    expect(await image.getAttribute('data-deleted')).toBe('true');
    // Its Delete button went with it: focus lands on the tombstone instead of the page's top.
    await expect.poll(() => clerk.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('document-tombstone');

    const server = await listed();
    expect(server.find((d) => d.filename === 'foto-dni.png')?.deleted?.reason).toBe('Foto duplicada, enviada dues vegades');
    // The citizen's page reads the list again by itself.
    const atCitizen = citizen.locator('[data-testid="document-item"][data-deleted="true"]');
    await atCitizen.waitFor({ timeout: 30_000 });
    expect(await atCitizen.getByTestId('document-tombstone').textContent()).toContain('Foto duplicada');
    // Announced on the page too, in the citizen's language (Catalan, as booked), not only to a screen reader.
    expect(await citizen.getByTestId('documents-toast').textContent()).toMatch(/Versió nova|ha esborrat/);
    expect(await citizen.getByTestId('delete-button').count()).toBe(0);
    expect(await violations(citizen, '[data-testid="documents-panel"]')).toBe('');
    await shot(citizen, 'documents-citizen-desktop');
    await shot(clerk, 'documents-clerk-desktop');
  });

  it('on a phone, the list wraps without sideways scrolling and the viewer fills the screen', async () => {
    await citizen.setViewportSize({ width: 390, height: 844 });
    await clerk.setViewportSize({ width: 390, height: 844 });
    for (const page of [citizen, clerk]) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
    await citizen.getByTestId('documents-panel').screenshot({ path: path.join(shots, 'documents-citizen-phone.png') });
    const stamped = citizen.locator('[data-testid="document-item"][data-kind="stamped"]');
    await stamped.getByTestId('preview-button').click();
    const dialog = citizen.getByTestId('preview-dialog');
    await dialog.waitFor();
    await expect.poll(() => inkedPixels(citizen, '[data-testid="viewer-canvas"]'), { timeout: 20_000 }).toBeGreaterThan(5_000);
    const box = await dialog.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(389);
    expect(box!.height).toBeGreaterThanOrEqual(843);
    await citizen.screenshot({ path: path.join(shots, 'documents-preview-phone.png') });
    await citizen.keyboard.press('Escape');
    await clerk.getByTestId('documents-panel').screenshot({ path: path.join(shots, 'documents-clerk-phone.png') });
    await citizenContext.close();
  });

  it('Firefox draws the thumbnails and the preview too, with the same worker under the same CSP', { timeout: 150_000 }, async () => {
    const firefox = await launchFirefox();
    try {
      const page = await (await firefox.createBrowserContext()).newPage();
      const refused: string[] = [];
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warn') && refused.push(m.text()));
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(new URL(link, t.url).href);
      // Thumbnails are drawn once on screen: the panel is below the fold of the citizen's page.
      await page.waitForSelector('[data-testid="document-item"][data-kind="stamped"]', { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 1_000));
      expect(
        await page.$eval('[data-testid="document-item"][data-kind="stamped"] [data-testid="document-thumbnail"]', (el) =>
          el.getAttribute('data-state'),
        ),
      ).toBe('waiting');
      await page.$eval('[data-testid="document-item"][data-kind="stamped"]', (item) => item.scrollIntoView());
      await page.waitForSelector(
        '[data-testid="document-item"][data-kind="stamped"] [data-testid="document-thumbnail"][data-state="ready"]',
        {
          timeout: 30_000,
        },
      );
      await page.click('[data-testid="document-item"][data-kind="stamped"] [data-testid="preview-button"]');
      await page.waitForSelector('[data-testid="preview-dialog"] [data-testid="viewer-page"]');
      const inked = async () =>
        page.$eval('[data-testid="viewer-canvas"]', (canvas) => {
          const c = canvas as HTMLCanvasElement;
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240)) n += 1;
          return n;
        });
      await expect.poll(inked, { timeout: 20_000 }).toBeGreaterThan(10_000);
      await page.screenshot({ path: path.join(shots, 'documents-preview-firefox.png') });
      // (zod's one probe of eval is refused too, and harmless: RECIPES.md.)
      expect(refused.filter((e) => /fake worker|worker-src|pdf/i.test(e))).toEqual([]);
    } finally {
      await firefox.close();
    }
  });

  it('pdf.js ran under the CSP without a refusal', () => {
    expect(consoleErrors.filter((e) => /Content Security Policy|fake worker|worker|pdf/i.test(e))).toEqual([]);
  });
});
