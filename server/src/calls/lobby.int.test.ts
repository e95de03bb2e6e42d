import { CallEvent, type ChatMessage, type JoinResult, type LobbyInfo, type PeerInfo } from '@oac/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  ask,
  bookFor,
  connectSocket,
  DEMO,
  login,
  opusRtpParameters,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from '@oac/tests/support';

/*
 * The waiting room (issue 13) against the real server, database and media worker: nobody sends or
 * receives media before the clerk admits them, whatever a socket sends; the admission outlives the
 * connection; the chat, the lobby's message and presence, the devices, and the identity check.
 * Every rule is also tried from the wrong side.
 */

let t: TestServer;
let clerkCookie: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestServer({ media: true });
  clerkCookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await api(t.url, '/api/staff/lobby', { cookie: clerkCookie, json: { message: null, away: false } });
});
afterAll(() => t?.stop());

type Ok<T> = { ok: true; data: T };
const code = (r: Awaited<ReturnType<typeof ask>>) => (r === 'timeout' ? 'timeout' : r.ok ? 'ok' : r.error.code);
const data = <T>(r: Awaited<ReturnType<typeof ask>>) => (r as Ok<T>).data;

/** The next `event` on `socket`, or null if none comes within `ms`. */
function next<T>(socket: ClientSocket, event: string, ms = 3_000): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      (socket as unknown as { off(e: string, l: unknown): void }).off(event, listener);
      resolve(null);
    }, ms);
    const listener = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    (socket as unknown as { once(e: string, l: unknown): void }).once(event, listener);
  });
}

async function enter(auth: { token?: string; cookie?: string }, appointmentId: string, extra: object = {}) {
  const socket = await connectSocket(t.url, auth, sockets);
  const join = await ask(socket, CallEvent.join, { appointmentId, ...extra });
  expect(code(join)).toBe('ok');
  return { socket, joined: data<JoinResult>(join) };
}

async function produceAudio(socket: ClientSocket) {
  const transport = await ask(socket, CallEvent.createTransport, { direction: 'send' });
  expect(code(transport)).toBe('ok');
  return ask(socket, CallEvent.produce, {
    transportId: data<{ id: string }>(transport).id,
    kind: 'audio',
    rtpParameters: opusRtpParameters,
  });
}

describe('the lobby: no media before the clerk admits the citizen', () => {
  it('lets a waiting citizen open transports and chat, and refuses every media step until admitted', async () => {
    const appt = await bookFor(t, 'anna', 5);
    const citizen = await enter({ token: appt.token }, appt.appointment.id);
    expect(citizen.joined.stage).toBe('lobby');
    expect(code(await ask(citizen.socket, CallEvent.createTransport, { direction: 'recv' }))).toBe('ok');
    expect(code(await produceAudio(citizen.socket))).toBe('forbidden');

    const clerk = await enter({ cookie: clerkCookie }, appt.appointment.id);
    expect(clerk.joined.peers).toMatchObject([{ role: 'citizen', stage: 'lobby', producers: [] }]);
    // The clerk's stream does not reach the lobby, and the citizen cannot ask for it.
    const leaked = next(citizen.socket, CallEvent.newProducer, 500);
    const clerkProducer = await produceAudio(clerk.socket);
    expect(code(clerkProducer)).toBe('ok');
    expect(await leaked).toBeNull();
    const consume = await ask(citizen.socket, CallEvent.consume, {
      producerId: data<{ producerId: string }>(clerkProducer).producerId,
      rtpCapabilities: citizen.joined.routerRtpCapabilities,
    });
    expect(code(consume)).toBe('forbidden');
    expect(code(await ask(citizen.socket, CallEvent.resumeConsumer, { consumerId: 'x' }))).toBe('forbidden');
    expect(code(await ask(citizen.socket, CallEvent.setConsumerLayers, { consumerId: 'x', spatialLayer: 2 }))).toBe('forbidden');

    // Admitted: the citizen learns who is in the call and may send and receive.
    const admitted = next<{ peers: PeerInfo[] }>(citizen.socket, CallEvent.admitted);
    expect(code(await ask(clerk.socket, CallEvent.admit, { peerId: citizen.joined.peerId }))).toBe('ok');
    const inCall = await admitted;
    expect(inCall?.peers).toMatchObject([{ role: 'clerk', stage: 'admitted', producers: [{ kind: 'audio' }] }]);
    const clerkSees = next<{ peerId: string }>(clerk.socket, CallEvent.newProducer);
    const own = await produceAudio(citizen.socket);
    expect(code(own)).toBe('ok');
    expect(await clerkSees).toMatchObject({ peerId: citizen.joined.peerId, kind: 'audio' });
    const consumed = await ask(citizen.socket, CallEvent.consume, {
      producerId: inCall!.peers[0]!.producers[0]!.producerId,
      rtpCapabilities: citizen.joined.routerRtpCapabilities,
    });
    expect(code(consumed)).toBe('ok');

    // Back to the lobby: the citizen's stream closes at once and nothing more may be sent.
    const closed = next<{ producerId: string }>(clerk.socket, CallEvent.producerClosed);
    const returned = next<{ lobby: LobbyInfo }>(citizen.socket, CallEvent.returnedToLobby);
    const updated = next<PeerInfo>(clerk.socket, CallEvent.peerUpdated);
    expect(code(await ask(clerk.socket, CallEvent.returnToLobby, { peerId: citizen.joined.peerId }))).toBe('ok');
    expect(await closed).toEqual({ producerId: data<{ producerId: string }>(own).producerId });
    expect(await returned).toMatchObject({ lobby: { clerk: { presence: 'online' } } });
    expect(await updated).toMatchObject({ peerId: citizen.joined.peerId, stage: 'lobby' });
    expect(code(await produceAudio(citizen.socket))).toBe('forbidden');
    expect((await t.server.media.status())!.peers).toBeGreaterThan(0);
  });

  it('refuses admission from the citizen, from a clerk not in the call, and of somebody not waiting', async () => {
    const appt = await bookFor(t, 'pere', 5);
    const citizen = await enter({ token: appt.token }, appt.appointment.id);
    expect(code(await ask(citizen.socket, CallEvent.admit, { peerId: citizen.joined.peerId }))).toBe('forbidden');
    const outsider = await connectSocket(t.url, { cookie: clerkCookie }, sockets);
    expect(code(await ask(outsider, CallEvent.admit, { peerId: citizen.joined.peerId }))).toBe('not_in_call');
    const clerk = await enter({ cookie: clerkCookie }, appt.appointment.id);
    expect(code(await ask(clerk.socket, CallEvent.admit, { peerId: 'nobody' }))).toBe('not_found');
    expect(code(await ask(clerk.socket, CallEvent.returnToLobby, { peerId: citizen.joined.peerId }))).toBe('invalid_transition');
    expect(code(await ask(clerk.socket, CallEvent.admit, { peerId: 'x'.repeat(500) }))).toBe('validation_error');
    // A clerk of another office cannot even join, so cannot admit.
    const housing = await connectSocket(
      t.url,
      { cookie: await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password) },
      sockets,
    );
    expect(code(await ask(housing, CallEvent.join, { appointmentId: appt.appointment.id }))).toBe('forbidden');
    expect(code(await ask(housing, CallEvent.admit, { peerId: citizen.joined.peerId }))).toBe('not_in_call');
  });

  it("keeps the clerk's decision in PostgreSQL: an admitted citizen who reconnects comes straight back in", async () => {
    const appt = await bookFor(t, 'joan', 5);
    const housingCookie = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
    const clerk = await enter({ cookie: housingCookie }, appt.appointment.id);
    const citizen = await enter({ token: appt.token }, appt.appointment.id);
    expect(code(await ask(clerk.socket, CallEvent.admit, { peerId: citizen.joined.peerId }))).toBe('ok');
    citizen.socket.disconnect();
    const again = await enter({ token: appt.token }, appt.appointment.id);
    expect(again.joined.stage).toBe('admitted');
    expect(again.joined.peers.map((p) => p.role)).toEqual(['clerk']);
    expect(await t.db('call_admissions').where({ appointment_id: appt.appointment.id }).first()).toMatchObject({ admitted: true });
    const audit = await t.db('audit_events').where({ entity_id: appt.appointment.id, action: 'call.admitted' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'staff', from_state: 'lobby', to_state: 'admitted' });
  });

  it('lets another window of the citizen take over, telling the first and keeping the admission', async () => {
    const appt = await bookFor(t, 'anna', 5);
    const clerk = await enter({ cookie: clerkCookie }, appt.appointment.id);
    const first = await enter({ token: appt.token }, appt.appointment.id);
    expect(code(await ask(clerk.socket, CallEvent.admit, { peerId: first.joined.peerId }))).toBe('ok');
    const takenOver = next(first.socket, CallEvent.takenOver);
    const left = next<{ peerId: string; reason: string }>(clerk.socket, CallEvent.peerLeft);
    const second = await enter({ token: appt.token }, appt.appointment.id);
    expect(await takenOver).toEqual({});
    expect(await left).toEqual({ peerId: first.joined.peerId, reason: 'left' });
    expect(second.joined.stage).toBe('admitted');
    expect(code(await ask(first.socket, CallEvent.createTransport, { direction: 'send' }))).toBe('not_in_call');
  });
});

describe('devices, the lobby and the chat', () => {
  it('tells the clerk what the citizen could not get, not just that they are muted', async () => {
    const appt = await bookFor(t, 'pere', 5);
    await enter({ token: appt.token }, appt.appointment.id, { devices: { audio: 'ok', video: 'permission_denied' } });
    const clerk = await enter({ cookie: clerkCookie }, appt.appointment.id);
    expect(clerk.joined.peers[0]!.devices).toEqual({ audio: 'ok', video: 'permission_denied' });
    expect(code(await ask(clerk.socket, CallEvent.setDevices, { audio: 'fine', video: 'ok' }))).toBe('validation_error');
  });

  it("shows the waiting citizen the clerk's presence and own message, as they change", async () => {
    const appt = await bookFor(t, 'anna', 5);
    const citizen = await enter({ token: appt.token }, appt.appointment.id);
    expect(citizen.joined.lobby).toEqual({ message: null, clerk: { name: null, presence: 'offline' } });
    const online = next<LobbyInfo>(citizen.socket, CallEvent.lobby);
    const staffPage = await connectSocket(t.url, { cookie: clerkCookie }, sockets);
    expect(await online).toMatchObject({ clerk: { presence: 'online' } });
    const changed = next<LobbyInfo>(citizen.socket, CallEvent.lobby);
    const saved = await api(t.url, '/api/staff/lobby', { cookie: clerkCookie, json: { message: 'Torno en cinc minuts.', away: true } });
    expect(saved.status).toBe(200);
    expect(await changed).toEqual({ message: 'Torno en cinc minuts.', clerk: { name: null, presence: 'away' } });
    staffPage.disconnect();
    expect(await next<LobbyInfo>(citizen.socket, CallEvent.lobby)).toMatchObject({ clerk: { presence: 'offline' } });
    expect((await api(t.url, '/api/staff/lobby', { cookie: clerkCookie })).body).toEqual({ message: 'Torno en cinc minuts.', away: true });
  });

  it('refuses lobby settings to anybody but a clerk, and a message that is empty or too long', async () => {
    const scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
    expect((await api(t.url, '/api/staff/lobby', { cookie: scheduler })).body.error.code).toBe('forbidden');
    const appt = await bookFor(t, 'anna', 5);
    expect((await api(t.url, '/api/staff/lobby', { token: appt.token })).body.error.code).toBe('forbidden');
    for (const message of ['', '   ', 'x'.repeat(501)]) {
      const res = await api(t.url, '/api/staff/lobby', { cookie: clerkCookie, json: { message, away: false } });
      expect(res.body.error.code).toBe('validation_error');
    }
  });

  it('keeps the chat with the appointment, for the lobby and the call, and hands it to whoever joins later', async () => {
    const appt = await bookFor(t, 'pere', 5);
    const citizen = await enter({ token: appt.token }, appt.appointment.id);
    const clerk = await enter({ cookie: clerkCookie }, appt.appointment.id);
    const atCitizen = next<ChatMessage>(citizen.socket, CallEvent.chatMessage);
    const sent = await ask(clerk.socket, CallEvent.chatSend, { text: '  Un moment, si us plau.  ' });
    expect(data<ChatMessage>(sent)).toMatchObject({ role: 'clerk', name: 'Marta Puig i Soler', text: 'Un moment, si us plau.' });
    expect(await atCitizen).toEqual(data(sent));
    expect(code(await ask(citizen.socket, CallEvent.chatSend, { text: 'El micròfon no em funciona https://evil.example' }))).toBe('ok');
    for (const text of ['', '   ', 'x'.repeat(1001)])
      expect(code(await ask(citizen.socket, CallEvent.chatSend, { text }))).toBe('validation_error');
    citizen.socket.disconnect();
    const back = await enter({ token: appt.token }, appt.appointment.id);
    expect(back.joined.chat.map((m) => [m.role, m.text])).toEqual([
      ['clerk', 'Un moment, si us plau.'],
      ['citizen', 'El micròfon no em funciona https://evil.example'],
    ]);
    // Another citizen's socket reads nothing of it, and cannot write into it.
    const other = await bookFor(t, 'anna', 5);
    const intruder = await connectSocket(t.url, { token: other.token }, sockets);
    expect(code(await ask(intruder, CallEvent.join, { appointmentId: appt.appointment.id }))).toBe('appointment_not_found');
    expect(code(await ask(intruder, CallEvent.chatSend, { text: 'hola' }))).toBe('not_in_call');
    expect(await t.db('call_messages').where({ appointment_id: appt.appointment.id }).count('* as n').first()).toMatchObject({ n: 2 });
  });
});

describe('the identity check', () => {
  it('records who checked which document and when, without any image, and audits it', async () => {
    const appt = await bookFor(t, 'anna', 5);
    const path = `/api/staff/appointments/${appt.appointment.id}/identity-checks`;
    const res = await api(t.url, path, { cookie: clerkCookie, json: { documentType: 'dni' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      documentType: 'dni',
      checkedBy: 'Marta Puig i Soler',
      checkedAt: expect.any(String),
    });
    expect((await api(t.url, path, { cookie: clerkCookie })).body.checks).toHaveLength(1);
    const audit = await t.db('audit_events').where({ entity_id: appt.appointment.id, action: 'identity.checked' }).first();
    expect(audit).toMatchObject({ actor_kind: 'staff', details: { documentType: 'dni' } });
  });

  it('refuses it from the citizen, a scheduler, an admin and another office, and for a bad document type', async () => {
    const appt = await bookFor(t, 'pere', 5);
    const path = `/api/staff/appointments/${appt.appointment.id}/identity-checks`;
    const body = { json: { documentType: 'passport' } };
    expect((await api(t.url, path, { token: appt.token, ...body })).body.error.code).toBe('forbidden');
    for (const who of [DEMO.scheduler, DEMO.admin, DEMO.housingClerk]) {
      const res = await api(t.url, path, { cookie: await login(t.url, who.email, who.password), ...body });
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await api(t.url, path, { cookie: clerkCookie, json: { documentType: 'selfie' } })).body.error.code).toBe('validation_error');
    await api(t.url, `/api/staff/appointments/${appt.appointment.id}/end`, { cookie: clerkCookie, json: { outcome: 'done' } });
    expect((await api(t.url, path, { cookie: clerkCookie, ...body })).body.error.code).toBe('appointment_closed');
    expect(await t.db('identity_checks').where({ appointment_id: appt.appointment.id })).toHaveLength(0);
  });
});

describe('a server restarted mid-call', () => {
  it('leaves no ghost peers in the media worker, however often it restarts', async () => {
    const booked = await bookFor(t, 'pere', 5);
    for (let round = 0; round < 3; round++) {
      // Both come back with new sockets, as browsers do; the old ones died with the old process.
      const clerk = await enter({ cookie: clerkCookie }, booked.appointment.id);
      const citizen = await enter({ token: booked.token }, booked.appointment.id);
      expect(clerk.joined.role).toBe('clerk');
      // Admitted once; after that the admission, in PostgreSQL, outlives each restart.
      if (round === 0) expect(code(await ask(clerk.socket, CallEvent.admit, { peerId: citizen.joined.peerId }))).toBe('ok');
      else expect(citizen.joined.stage).toBe('admitted');
      for (const { socket } of [clerk, citizen])
        expect(code(await ask(socket, CallEvent.createTransport, { direction: 'recv' }))).toBe('ok');
      expect((await t.server.media.status())!.peers).toBe(2);
      sockets.splice(0);
      await t.restart();
    }
  });
});
