import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { launchChromium, newParty, peerConnectionCount, untilVideoSince } from '../support/browser';
import { launchFirefox, newFirefoxParty } from '../support/firefox';
import { book, catalogue, DEMO, makeSlot } from '../support/http';
import type { TestServer } from '../support/context';

/*
 * In the page functions below, getStats() is raced against a short timeout: Firefox can leave it
 * unanswered for good on a connection that closed meanwhile (mediasoup-client opens and closes
 * some to read capabilities). They are serialised into the page, so they cannot share a helper.
 */
/** In the page: click Join, then wait for the first decoded remote video frame. Milliseconds, or -1. */
const JOIN_TO_FIRST_FRAME = async (): Promise<number> => {
  const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
  const before = new Set(pcs);
  const t0 = performance.now();
  (document.querySelector('[data-testid="join-button"]') as HTMLButtonElement).click();
  while (performance.now() - t0 < 15_000) {
    for (const pc of pcs.filter((p) => !before.has(p) && p.signalingState !== 'closed')) {
      const stats = await Promise.race([pc.getStats(), new Promise<null>((r) => setTimeout(() => r(null), 500))]);
      if (!stats) continue;
      let frames = 0;
      stats.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
      });
      if (frames > 0) return performance.now() - t0;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return -1;
};

/** In the page, from its navigation start: ms until the first decoded remote video frame, or -1. */
const SINCE_NAVIGATION_TO_FIRST_FRAME = async (): Promise<number> => {
  const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
  while (performance.now() < 30_000) {
    for (const pc of pcs.filter((p) => p.signalingState !== 'closed')) {
      const stats = await Promise.race([pc.getStats(), new Promise<null>((r) => setTimeout(() => r(null), 500))]);
      if (!stats) continue;
      let frames = 0;
      stats.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
      });
      if (frames > 0) return performance.now();
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return -1;
};

/** The same browser's own floor: two peer connections in one page, fake camera, to the first decoded frame. */
const LOOPBACK_FIRST_FRAME = async (): Promise<number> => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const t0 = performance.now();
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
  for (const track of stream.getTracks()) a.addTrack(track, stream);
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  while (performance.now() - t0 < 15_000) {
    const stats = await b.getStats();
    let frames = 0;
    stats.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
    });
    if (frames > 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;
  a.close();
  b.close();
  stream.getTracks().forEach((t) => t.stop());
  return ms;
};

/** Either driver's page, as far as the bench needs one. */
interface Party {
  goto(path: string): Promise<void>;
  evaluate<T>(fn: () => Promise<T>): Promise<T>;
  /** Resolves once the Join button may be pressed (the devices answered). */
  readyToJoin(): Promise<void>;
  wait(ms: number): Promise<void>;
}

function chromiumParty(page: Page): Party {
  return {
    // Through a blank page: the private link differs from the open page in its fragment only,
    // which would not load it again.
    goto: async (p) => {
      await page.goto('about:blank');
      await page.goto(p);
    },
    evaluate: (fn) => page.evaluate(fn),
    readyToJoin: () => page.locator('[data-testid="join-button"]:not([aria-disabled="true"])').waitFor(),
    wait: (ms) => page.waitForTimeout(ms),
  };
}

function firefoxParty(page: FirefoxPage, base: string): Party {
  return {
    goto: async (p) => {
      await page.goto('about:blank');
      await page.goto(new URL(p, base).href);
    },
    evaluate: (fn) => page.evaluate(fn),
    readyToJoin: async () => void (await page.locator('[data-testid="join-button"]:not([aria-disabled="true"])').wait()),
    wait: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}

export interface CallsMeasurements {
  joins: number[];
  firefoxJoins: number[];
  loopback: number[];
  /** From opening the private link (page load, device check, Join at once) to the first remote frame. */
  linkToFrame: number[];
  /** From the clerk's "Let … in" to the waiting citizen's first remote frame (transports opened in the lobby). */
  admitToFrame: number[];
  networkRecovery: number[];
  workerDeathRecovery: number[];
  mediaProcessRecovery: number[];
  serverRestartRecovery: number[];
}

async function joinsOf(citizen: Party, link: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    await citizen.goto(link);
    await citizen.readyToJoin();
    // Let the camera preview settle, as a person would before pressing Join.
    await citizen.wait(400);
    out.push(await citizen.evaluate(JOIN_TO_FIRST_FRAME));
  }
  return out;
}

/**
 * The call's timings, with the clerk in the call (Chromium) and the citizen in Chromium, then in
 * Firefox: Join → first decoded clerk frame (the citizen admitted once, so later joins come straight
 * in), the whole private link → first frame, admit → first frame, and the time back to video after
 * each fault. Two mediasoup workers, so that a dead one's call has somewhere to go at once.
 */
export async function measureCalls(t: TestServer, runs: number): Promise<CallsMeasurements> {
  const ids = await catalogue(t.db);
  const browser = await launchChromium();
  const firefox = await launchFirefox();
  try {
    const clerkPage = (await newParty(browser, t.url)).page;
    await clerkPage.goto('/staff/login');
    await clerkPage.getByTestId('login-email').fill(DEMO.clerk.email);
    await clerkPage.getByTestId('login-password').fill(DEMO.clerk.password);
    await clerkPage.getByTestId('login-submit').click();
    await clerkPage.getByTestId('agenda-prev').waitFor();
    const openCall = async (minutes: number) => {
      const booking = await book(t.url, await makeSlot(t.db, ids.office('oac-ciutat-vella'), minutes), ids.service('PADRO'));
      await clerkPage.goto(`/staff/appointments/${booking.appointment.id}`);
      await clerkPage.getByTestId('start-call').click();
      await clerkPage.locator('[data-testid="call-status"][data-phase]').waitFor();
      return booking;
    };

    // Chromium: admit once (timed from the clerk's click), then the measured joins come straight in.
    const booking = await openCall(5);
    const citizenPage = (await newParty(browser, t.url)).page;
    const citizen = chromiumParty(citizenPage);
    const admitToFrame: number[] = [];
    await citizen.goto(booking.link);
    await citizen.readyToJoin();
    await citizenPage.getByTestId('join-button').click();
    await clerkPage.getByTestId('admit-button').waitFor();
    await citizenPage.getByTestId('lobby').waitFor();
    await citizenPage.waitForTimeout(500);
    const admitAt = Date.now();
    await clerkPage.getByTestId('admit-button').click();
    // The page is fresh: every peer connection on it is this call's, opened in the lobby.
    admitToFrame.push(await untilVideoSince(citizenPage, 0, admitAt));
    const joins = await joinsOf(citizen, booking.link, runs);
    const loopback: number[] = [];
    for (let i = 0; i < 5; i++) loopback.push(await citizen.evaluate(LOOPBACK_FIRST_FRAME));
    const linkToFrame: number[] = [];
    for (let i = 0; i < 5; i++) {
      await citizen.goto(booking.link);
      await citizenPage.getByTestId('join-button').click();
      linkToFrame.push(await citizen.evaluate(SINCE_NAVIGATION_TO_FIRST_FRAME));
    }

    // Firefox: another appointment, admitted once the same way, then the measured joins.
    const ffBooking = await openCall(6);
    const ff = await newFirefoxParty(firefox, t.url);
    const ffCitizen = firefoxParty(ff.page, t.url);
    await ffCitizen.goto(ffBooking.link);
    await ffCitizen.readyToJoin();
    await ff.page.locator('[data-testid="join-button"]').click();
    await clerkPage.getByTestId('admit-button').click();
    await ff.page.locator('[data-testid="call-status"][data-phase="connected"]').wait();
    const firefoxJoins = await joinsOf(ffCitizen, ffBooking.link, runs);
    await ff.context.close();

    // Faults, on the Chromium call: each time, video on a peer connection made after the fault.
    await clerkPage.goto(`/staff/appointments/${booking.appointment.id}`);
    await clerkPage.getByTestId('start-call').click();
    await citizen.goto(booking.link);
    await citizenPage.getByTestId('join-button').click();
    await citizenPage.locator('[data-testid="call-status"][data-phase="connected"]').waitFor();
    const networkRecovery: number[] = [];
    for (let i = 0; i < 2; i++) {
      await citizenPage.waitForTimeout(1_500);
      await citizenPage.context().setOffline(true);
      await citizenPage.waitForTimeout(2_000);
      const before = await peerConnectionCount(citizenPage);
      const onlineAt = Date.now();
      await citizenPage.context().setOffline(false);
      networkRecovery.push(await untilVideoSince(citizenPage, before, onlineAt));
    }
    const fault = async (cause: () => Promise<void> | void) => {
      const out: number[] = [];
      for (let i = 0; i < 2; i++) {
        await citizenPage.locator('[data-testid="call-status"][data-phase="connected"]').waitFor({ timeout: 20_000 });
        await citizenPage.waitForTimeout(1_500);
        const before = await peerConnectionCount(citizenPage);
        const at = Date.now();
        await cause();
        const ms = await untilVideoSince(citizenPage, before, at);
        out.push(ms);
        if (ms < 0) {
          // Say where it stuck, for whoever reads the table.
          const status = citizenPage.getByTestId('call-status');
          console.error(
            'no video after a fault; the citizen page says:',
            await status.getAttribute('data-phase').catch(() => null),
            await status.innerText().catch(() => ''),
          );
        }
      }
      return out;
    };
    const workerDeathRecovery = await fault(async () => {
      const busy = (await t.server.media.status())!.workers.find((w) => w.rooms > 0);
      if (busy) process.kill(busy.pid, 'SIGKILL');
    });
    const mediaProcessRecovery = await fault(() => void process.kill(t.mediaWorker!.pid!, 'SIGKILL'));
    const serverRestartRecovery = await fault(() => t.restart());
    return {
      joins,
      firefoxJoins,
      loopback,
      linkToFrame,
      admitToFrame,
      networkRecovery,
      workerDeathRecovery,
      mediaProcessRecovery,
      serverRestartRecovery,
    };
  } finally {
    await Promise.all([browser.close(), firefox.close()]);
  }
}
