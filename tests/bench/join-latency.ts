import type { Page } from 'playwright-core';
import { launchChromium, newParty, peerConnectionCount, untilVideoSince } from '../support/browser';
import { book, catalogue, DEMO, makeSlot } from '../support/http';
import type { TestServer } from '../support/context';

/** In the page: click Join, then wait for the first decoded remote video frame. Milliseconds, or -1. */
const JOIN_TO_FIRST_FRAME = async (): Promise<number> => {
  const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
  const before = new Set(pcs);
  const t0 = performance.now();
  (document.querySelector('[data-testid="join-button"]') as HTMLButtonElement).click();
  while (performance.now() - t0 < 15_000) {
    for (const pc of pcs.filter((p) => !before.has(p))) {
      const stats = await pc.getStats();
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

async function readyToJoin(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.locator('[data-testid="join-button"]:not([aria-disabled="true"])').waitFor();
  // Let the camera preview settle, as a person would before pressing Join.
  await page.waitForTimeout(500);
}

/** Join → first decoded frame of the clerk's video, `runs` times, with the clerk already in the call. */
export async function measureJoinLatency(
  t: TestServer,
  runs: number,
): Promise<{ joins: number[]; loopback: number[]; workerRecovery: number[]; networkRecovery: number[] }> {
  const ids = await catalogue(t.db);
  const booking = await book(t.url, await makeSlot(t.db, ids.office('oac-ciutat-vella'), 5), ids.service('PADRO'));
  const browser = await launchChromium();
  try {
    const clerk = (await newParty(browser, t.url)).page;
    await clerk.goto('/staff/login');
    await clerk.getByTestId('login-email').fill(DEMO.clerk.email);
    await clerk.getByTestId('login-password').fill(DEMO.clerk.password);
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('agenda-prev').waitFor();
    await clerk.goto(`/staff/appointments/${booking.appointment.id}`);
    await clerk.getByTestId('start-call').click();
    await clerk.locator('[data-testid="call-status"][data-phase]').waitFor();

    const citizen = (await newParty(browser, t.url)).page;
    const joins: number[] = [];
    const loopback: number[] = [];
    for (let i = 0; i < runs; i++) {
      await readyToJoin(citizen, booking.link);
      joins.push(await citizen.evaluate(JOIN_TO_FIRST_FRAME));
      loopback.push(await citizen.evaluate(LOOPBACK_FIRST_FRAME));
    }
    // A Wi-Fi drop: the citizen's browser is offline for 2 s, twice; time from back online to video again.
    const networkRecovery: number[] = [];
    for (let i = 0; i < 2; i++) {
      await citizen.waitForTimeout(1_500);
      await citizen.context().setOffline(true);
      await citizen.waitForTimeout(2_000);
      const known = await peerConnectionCount(citizen);
      const onlineAt = Date.now();
      await citizen.context().setOffline(false);
      networkRecovery.push(await untilVideoSince(citizen, known, onlineAt));
    }

    // Then the media worker process dies mid-call, twice: time until new transports carry video again.
    const workerRecovery: number[] = [];
    for (let i = 0; i < 2; i++) {
      await citizen.waitForTimeout(1_500);
      const known = await peerConnectionCount(citizen);
      const killedAt = Date.now();
      process.kill(t.mediaWorker!.pid!, 'SIGKILL');
      workerRecovery.push(await untilVideoSince(citizen, known, killedAt));
    }
    return { joins, loopback, workerRecovery, networkRecovery };
  } finally {
    await browser.close();
  }
}
