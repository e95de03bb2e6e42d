import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty } from '../support/browser';
import { bookFor, DEMO, startTestServer, type TestServer } from '../support/index';

// axe-core, the engine behind most accessibility checkers, run inside the real pages.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function violations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy rightly does not allow inline.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(list: Violation[]): string {
  return list.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

let t: TestServer;
let browser: Browser;
let link: string;
let upcomingLink: string;
let appointmentId: string;

beforeAll(async () => {
  t = await startTestServer({ media: true, clientDist: true });
  const booking = await bookFor(t, 'anna', 5);
  link = booking.link;
  appointmentId = booking.appointment.id;
  upcomingLink = (await bookFor(t, 'pere', 300)).link;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('WCAG 2.1 AA, checked by axe-core in Chromium (no serious or critical violations)', () => {
  for (const [language, viewport] of [
    ['ca', { width: 1280, height: 800 }],
    ['es', { width: 390, height: 844 }],
    ['en', { width: 390, height: 844 }],
  ] as const) {
    it(`citizen pages in ${language} at ${viewport.width} px`, async () => {
      const { page, context } = await newParty(browser, t.url, viewport);
      await page.addInitScript((lang) => localStorage.setItem('oac.language', lang), language);
      await page.goto('/');
      expect(describeViolations(await violations(page))).toBe('');
      await page.getByTestId('service-LLOGUER').click();
      await page.getByTestId('office-any').waitFor();
      expect(describeViolations(await violations(page))).toBe('');
      await page.getByTestId('office-any').click();
      await page.getByTestId('slot-option').first().waitFor();
      expect(describeViolations(await violations(page))).toBe('');
      await page.goto(link);
      await page.getByTestId('join-button').waitFor();
      expect(describeViolations(await violations(page))).toBe('');
      // Long before the start: the countdown, calendar, move (with its slot picker) and cancel.
      await page.goto(upcomingLink);
      await page.getByTestId('stage-upcoming').waitFor();
      expect(describeViolations(await violations(page))).toBe('');
      await page.getByTestId('reschedule-button').click();
      await page.getByTestId('slot-option').first().waitFor();
      expect(describeViolations(await violations(page))).toBe('');
      await page.goto('/lost-link');
      await page.getByTestId('lost-link-submit').waitFor();
      expect(describeViolations(await violations(page))).toBe('');
      await context.close();
    });
  }

  it('the check itself catches a real violation', async () => {
    const { page, context } = await newParty(browser, t.url);
    await page.goto('/staff/login');
    await page.evaluate(() => document.querySelector('main')!.append(document.createElement('button')));
    expect((await violations(page)).map((v) => v.id)).toContain('button-name');
    await context.close();
  });

  it('staff pages: login, agenda, appointment', async () => {
    const { page, context } = await newParty(browser, t.url);
    await page.goto('/staff/login');
    expect(describeViolations(await violations(page))).toBe('');
    await page.getByTestId('login-email').fill(DEMO.clerk.email);
    await page.getByTestId('login-password').fill(DEMO.clerk.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('agenda-prev').waitFor();
    expect(describeViolations(await violations(page))).toBe('');
    await page.goto(`/staff/appointments/${appointmentId}`);
    await page.getByTestId('start-call').waitFor();
    expect(describeViolations(await violations(page))).toBe('');
    await context.close();
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`the scheduler's planning, admin and quality pages, every tab, at ${viewport.width} px`, async () => {
      const { page, context } = await newParty(browser, t.url, viewport);
      await page.goto('/staff/login');
      await page.getByTestId('login-email').fill(DEMO.scheduler.email);
      await page.getByTestId('login-password').fill(DEMO.scheduler.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('tab-board').waitFor();
      for (const tab of ['staff', 'catalogue', 'offices']) {
        await page.goto(`/staff/admin?tab=${tab}`);
        await page.getByTestId(`admin-tab-${tab}`).waitFor();
        await page
          .locator('.loading')
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        expect(describeViolations(await violations(page)), `admin ${tab}`).toBe('');
      }
      for (const tab of ['board', 'hours', 'closures', 'roster', 'peaks', 'conflicts']) {
        await page.goto(`/staff/planning?tab=${tab}${tab === 'board' ? '&view=week' : ''}`);
        await page.locator(`[data-testid="tab-${tab}"][aria-current="page"]`).waitFor();
        await page
          .locator('.loading')
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        expect(describeViolations(await violations(page)), tab).toBe('');
      }
      // The quality indicators, with their charts and the data tables behind them open.
      await page.goto('/staff/quality');
      await page.getByTestId('quality-card-contacts').waitFor();
      for (const summary of await page.locator('[data-testid^="quality-table-"] summary').all()) await summary.click();
      expect(describeViolations(await violations(page)), 'quality').toBe('');
      await context.close();
    });

    it(`the admin's queues at ${viewport.width} px`, async () => {
      const { page, context } = await newParty(browser, t.url, viewport);
      await page.goto('/staff/login');
      await page.getByTestId('login-email').fill(DEMO.admin.email);
      await page.getByTestId('login-password').fill(DEMO.admin.password);
      await page.getByTestId('login-submit').click();
      // Logged in once the login page has moved on: its own address is under /staff too.
      await page.waitForURL((url) => url.pathname !== '/staff/login');
      await page.goto('/staff/admin?tab=queues');
      await page.getByTestId('admin-tab-queues').waitFor();
      await page
        .locator('.loading')
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      expect(describeViolations(await violations(page)), 'admin queues').toBe('');
      await context.close();
    });
  }
});
