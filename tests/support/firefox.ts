import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { RECORD_PEER_CONNECTIONS } from './browser';

/*
 * Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi: there is no geckodriver
 * package here and playwright's patched Firefox cannot be downloaded (RECIPES.md). Fake camera and
 * microphone come from Firefox's own prefs.
 */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // On a loaded 2-core machine Firefox can take over puppeteer's default 30 s to start.
    timeout: 90_000,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      // The closed network here: no update, telemetry or captive-portal checks.
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
}

/** One person in Firefox: their own browser context (cookies apart), with every peer connection recorded. */
export async function newFirefoxParty(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; goto(path: string): Promise<void> }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  await page.evaluateOnNewDocument(RECORD_PEER_CONNECTIONS);
  return {
    context,
    page,
    async goto(path: string) {
      await page.goto(new URL(path, baseURL).href);
    },
  };
}
