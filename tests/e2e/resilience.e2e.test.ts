import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty, peerConnectionCount, untilVideoSince, videoFramesSince, waitForMedia } from '../support/browser';
import { bookFor, DEMO, startTestServer, startTurn, type TestServer, type TestTurn } from '../support/index';

/*
 * A call that holds (issue 13), in real Chromium, each fault asserted on decoded frames: a server
 * restart, a mediasoup worker that dies while the media-worker process lives on, ICE restarted
 * under a live call, and media relayed through a real coturn only. How fast each comes back is
 * measured by `npm run bench -- calls`; here each must come back, by itself.
 */

let t: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // Two mediasoup workers, so that a dead one's rooms have somewhere to go at once.
  t = await startTestServer({ media: { env: { NUM_WORKERS: '2' } }, clientDist: true });
  browser = await launchChromium();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const MIN = { videoFramesDecoded: 10, audioPacketsReceived: 20 };

async function call(
  server: { url: string },
  who: 'anna' | 'pere' = 'anna',
): Promise<{ citizen: Page; clerk: Page; appointmentId: string }> {
  const booked = await bookFor(t, who, 5);
  const open = async () => {
    const { context, page } = await newParty(browser, server.url);
    contexts.push(context);
    return page;
  };
  const clerk = await open();
  await clerk.goto('/staff/login');
  await clerk.getByTestId('login-email').fill(DEMO.clerk.email);
  await clerk.getByTestId('login-password').fill(DEMO.clerk.password);
  await clerk.getByTestId('login-submit').click();
  await clerk.getByTestId('agenda-prev').waitFor();
  await clerk.goto(`/staff/appointments/${booked.appointment.id}`);
  await clerk.getByTestId('start-call').click();
  const citizen = await open();
  await citizen.goto(booked.link);
  await citizen.getByTestId('join-button').click();
  await clerk.getByTestId('admit-button').click();
  await Promise.all([waitForMedia(citizen, MIN), waitForMedia(clerk, MIN)]);
  return { citizen, clerk, appointmentId: booked.appointment.id };
}

/** Video decoded again on both sides, on peer connections made after the fault. */
async function backOnBoth(pages: Page[], since: number, known: number[]) {
  const back = await Promise.all(pages.map((page, i) => untilVideoSince(page, known[i]!, since, 20_000)));
  expect(
    back.every((ms) => ms >= 0),
    `back after ${back.join(', ')} ms`,
  ).toBe(true);
  return back;
}

describe('a call that holds', { timeout: 120_000 }, () => {
  it('resumes by itself after a server restart, the citizen still admitted', async () => {
    const { citizen, clerk } = await call(t);
    const pages = [citizen, clerk];
    const known = await Promise.all(pages.map(peerConnectionCount));
    const at = Date.now();
    await t.restart();
    await backOnBoth(pages, at, known);
    // Nobody had to let the citizen in again: the admission was in PostgreSQL.
    await citizen.locator('[data-testid="call-status"][data-phase="connected"]').waitFor();
    expect(await clerk.getByTestId('waiting-list').count()).toBe(0);
  });

  it('moves the call to the other mediasoup worker at once when its worker dies', async () => {
    const { citizen, clerk } = await call(t, 'pere');
    const status = (await t.server.media.status())!;
    const busy = status.workers.find((w) => w.rooms > 0)!;
    expect(status.workers).toHaveLength(2);
    const pages = [citizen, clerk];
    const known = await Promise.all(pages.map(peerConnectionCount));
    const at = Date.now();
    process.kill(busy.pid, 'SIGKILL');
    await backOnBoth(pages, at, known);
  });

  it('restarts ICE on the same peer connection when the media server stops answering for a few seconds', async () => {
    const { citizen } = await call(t);
    const known = await peerConnectionCount(citizen);
    const ufrags = () =>
      citizen.evaluate(() =>
        (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
          .filter((pc) => pc.connectionState !== 'closed')
          .map((pc) => /a=ice-ufrag:(\S+)/.exec(pc.remoteDescription?.sdp ?? '')?.[1] ?? ''),
      );
    const before = await ufrags();
    // The mediasoup worker of the call freezes: no STUN answer, so ICE disconnects in the browser,
    // which restarts ICE after its grace period; the worker thaws while that request waits.
    const worker = (await t.server.media.status())!.workers.find((w) => w.rooms > 0)!;
    process.kill(worker.pid, 'SIGSTOP');
    try {
      await citizen.locator('[data-testid="call-status"][data-phase="reconnecting"]').waitFor({ timeout: 20_000 });
      // Frozen past the client's grace before it restarts ICE (2.5 s) with room to spare on a
      // loaded machine, and thawed well inside the restart's own watchdog (6 s). Thawed sooner, ICE
      // may come back by itself before any restart is asked for (seen in a full CI run).
      await citizen.waitForTimeout(4_500);
    } finally {
      process.kill(worker.pid, 'SIGCONT');
    }
    await citizen.locator('[data-testid="call-status"][data-phase="connected"]').waitFor({ timeout: 20_000 });
    // The same peer connections, with new ICE credentials, carry the picture again: nothing was rebuilt.
    expect(await peerConnectionCount(citizen)).toBe(known);
    const after = await ufrags();
    expect(after.some((u, i) => u !== before[i])).toBe(true);
    // Frames keep coming; on a loaded machine the decoder may take a few seconds to pick up again.
    const frames = await videoFramesSince(citizen, 0);
    await expect.poll(() => videoFramesSince(citizen, 0), { timeout: 10_000, interval: 250 }).toBeGreaterThan(frames);
  });
});

describe('through TURN only', { timeout: 120_000 }, () => {
  let turn: TestTurn;
  let relayed: { url: string; server: { calls: unknown }; stop(): Promise<void> };

  beforeAll(async () => {
    turn = await startTurn();
    relayed = await t.sibling({ TURN_URLS: turn.url, TURN_SECRET: turn.secret, ICE_TRANSPORT_POLICY: 'relay' });
  });
  afterAll(async () => {
    await relayed?.stop();
    await turn?.stop();
  });

  it('carries video and sound both ways through a real coturn, with every candidate pair relayed', async () => {
    const { citizen, clerk } = await call(relayed);
    for (const page of [citizen, clerk]) {
      const types = await page.evaluate(async () => {
        const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
        const seen: string[] = [];
        for (const pc of pcs) {
          if (pc.connectionState !== 'connected') continue;
          const stats = await pc.getStats();
          stats.forEach((s: { type: string; nominated?: boolean; state?: string; localCandidateId?: string }) => {
            if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) {
              const local = stats.get(s.localCandidateId!) as { candidateType?: string } | undefined;
              seen.push(local?.candidateType ?? 'unknown');
            }
          });
        }
        return seen;
      });
      expect(types.length).toBeGreaterThan(0);
      expect(new Set(types)).toEqual(new Set(['relay']));
    }
  });
});
