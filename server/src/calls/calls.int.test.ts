import { CallEvent, type Ack, type ClientToServerEvents, type JoinResult, type ServerToClientEvents } from '@oac/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, api, bookFor, login, startTestServer, type TestServer } from '@oac/tests/support';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: TestServer;
let anna: Awaited<ReturnType<typeof bookFor>>;
let pere: Awaited<ReturnType<typeof bookFor>>;
let housing: Awaited<ReturnType<typeof bookFor>>;
const sockets: ClientSocket[] = [];

function connect(auth: { token?: string; cookie?: string }): Promise<ClientSocket> {
  const socket: ClientSocket = io(t.url, {
    transports: ['websocket'],
    reconnection: false,
    auth: auth.token ? { appointmentToken: auth.token } : {},
    extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(Object.assign(err, { data: (err as { data?: unknown }).data })));
  });
}

function join(socket: ClientSocket, payload: unknown): Promise<Ack<JoinResult>> {
  return new Promise((resolve) => socket.emit(CallEvent.join, payload, resolve));
}

beforeAll(async () => {
  t = await startTestServer({ media: true });
  anna = await bookFor(t, 'anna', 10);
  pere = await bookFor(t, 'pere', 40);
  housing = await bookFor(t, 'joan', 10);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(() => t?.stop());

describe('who may join a call', () => {
  it('health is 200 once the media worker is connected', async () => {
    let res = await api(t.url, '/api/health');
    for (let i = 0; i < 50 && res.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await api(t.url, '/api/health');
    }
    expect(res.status).toBe(200);
    const details = await api(t.url, '/api/staff/health', { cookie: await login(t.url, DEMO.clerk.email, DEMO.clerk.password) });
    expect(details.body.components.media.workers).toBeGreaterThan(0);
  });

  it("lets in the appointment's citizen, to wait, and its clerk, who sees them waiting", async () => {
    const citizen = await connect({ token: anna.token });
    const joined = await join(citizen, { appointmentId: anna.appointment.id });
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    expect(joined.data).toMatchObject({ role: 'citizen', stage: 'lobby', peers: [], iceServers: [], iceTransportPolicy: 'all' });
    expect(joined.data.routerRtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));
    const clerk = await connect({ cookie: await login(t.url, DEMO.clerk.email, DEMO.clerk.password) });
    const clerkJoin = await join(clerk, { appointmentId: anna.appointment.id });
    expect(clerkJoin.ok && clerkJoin.data.stage).toBe('admitted');
    expect(clerkJoin.ok && clerkJoin.data.peers.map((p) => [p.role, p.stage, p.name])).toEqual([['citizen', 'lobby', 'Anna Garcia']]);
  });

  it('lets a second window of the same clerk take over, telling the first, which may take it back', async () => {
    const cookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    const first = await connect({ cookie });
    expect((await join(first, { appointmentId: pere.appointment.id })).ok).toBe(true);
    const takenOver = new Promise<unknown>((r) => first.once(CallEvent.takenOver, r));
    const second = await connect({ cookie });
    expect((await join(second, { appointmentId: pere.appointment.id })).ok).toBe(true);
    expect(await takenOver).toEqual({});
    const transport = await new Promise<Ack<{ id: string }>>((r) => second.emit(CallEvent.createTransport, { direction: 'recv' }, r));
    expect(transport.ok).toBe(true);
    // The first window stays connected but has no place in the call any more, until it takes it back.
    expect(first.connected).toBe(true);
    const stale = await new Promise<Ack<unknown>>((r) => first.emit(CallEvent.createTransport, { direction: 'recv' }, r));
    expect(stale).toMatchObject({ ok: false, error: { code: 'not_in_call' } });
    const back = new Promise<unknown>((r) => second.once(CallEvent.takenOver, r));
    expect((await join(first, { appointmentId: pere.appointment.id })).ok).toBe(true);
    expect(await back).toEqual({});
  });

  it("refuses a citizen in another citizen's room, with no media", async () => {
    const intruder = await connect({ token: pere.token });
    const res = await join(intruder, { appointmentId: anna.appointment.id });
    expect(res).toEqual({ ok: false, error: { code: 'appointment_not_found', message: expect.any(String) } });
    // Without a successful join, nothing media-related is allowed.
    const transport = await new Promise<Ack<unknown>>((r) => intruder.emit(CallEvent.createTransport, { direction: 'recv' }, r));
    expect(transport).toMatchObject({ ok: false, error: { code: 'not_in_call' } });
  });

  it('refuses a clerk of another office, and staff who take no calls', async () => {
    const other = await connect({ cookie: await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password) });
    expect(await join(other, { appointmentId: anna.appointment.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const scheduler = await connect({ cookie: await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password) });
    expect(await join(scheduler, { appointmentId: anna.appointment.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const admin = await connect({ cookie: await login(t.url, DEMO.admin.email, DEMO.admin.password) });
    expect(await join(admin, { appointmentId: housing.appointment.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses sockets without a valid token or session at the handshake', async () => {
    await expect(connect({})).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    await expect(connect({ token: 'A'.repeat(43) })).rejects.toMatchObject({ data: { code: 'invalid_token' } });
    await expect(connect({ token: '../../etc' })).rejects.toMatchObject({ data: { code: 'invalid_token' } });
    await expect(connect({ cookie: 'oac_session=' + 'C'.repeat(43) })).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
  });

  it('answers malformed payloads with validation_error, and survives payloads with no ack', async () => {
    const citizen = await connect({ token: anna.token });
    for (const bad of [null, 42, 'x', { appointmentId: 'not-a-uuid' }, { appointmentId: anna.appointment.id, extra: 1 }]) {
      expect(await join(citizen, bad)).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    }
    citizen.emit(CallEvent.join, { appointmentId: anna.appointment.id }, undefined as never);
    const ok = await join(citizen, { appointmentId: anna.appointment.id });
    expect(ok.ok).toBe(true);
    const badDtls = await new Promise<Ack<unknown>>((r) =>
      citizen.emit(CallEvent.connectTransport, { transportId: 'x', dtlsParameters: { fingerprints: 'no' } }, r),
    );
    expect(badDtls).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    const unknownTransport = await new Promise<Ack<unknown>>((r) =>
      citizen.emit(
        CallEvent.connectTransport,
        { transportId: 'nope', dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] } },
        r,
      ),
    );
    expect(unknownTransport.ok).toBe(false);
    expect(['not_found', 'forbidden', 'validation_error']).toContain(!unknownTransport.ok && unknownTransport.error.code);
  });

  // Last, because it kills the media worker process.
  it('tells the people in a call to rejoin once the dead media worker is back, so that the first rejoin works', async () => {
    const citizen = await connect({ token: anna.token });
    expect((await join(citizen, { appointmentId: anna.appointment.id })).ok).toBe(true);
    const restart = new Promise<{ reason: string }>((r) => citizen.once(CallEvent.restart, r));
    process.kill(t.mediaWorker!.pid!, 'SIGKILL');
    expect(await restart).toEqual({ reason: 'media_restarted' });
    // Not told while the worker was down: a join then would only fail and make the browser back off.
    expect(await join(citizen, { appointmentId: anna.appointment.id })).toMatchObject({ ok: true });
  });
});
