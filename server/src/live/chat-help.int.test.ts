import { CallEvent, type ChatMessage, type JoinResult, type TimelineEntry } from '@oac/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  ask as askSocket,
  bookFor,
  catalogue,
  connectSocket,
  DEMO,
  login,
  personName,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from '@oac/tests/support';
import { hashPassword } from '../auth/passwords';

/*
 * Chat help (issue 15) against real PostgreSQL and a real media worker: a citizen stuck in an online
 * procedure asks to be attended by text chat. It waits in the same line as a video call (same queue,
 * priority and estimate) and becomes a ticket by chat; the clerk who accepts it gets a call in chat
 * mode, where nobody gets a transport; only that clerk turns it into a video call, once, while it
 * is open; and the chat is in the ticket's timeline with the other events.
 */

let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;
let marta: string; // OAC, HISENDA, GUB, GENERAL
let laia: string; // OAC, GENERAL
let spare: { id: string; cookie: string };
const sockets: ClientSocket[] = [];
/** Laia's calls of each test, ended after it: a clerk has one appointment at a time. */
const opened: string[] = [];
let n = 0;

type Ok<T> = { ok: true; data: T };
const code = (r: Awaited<ReturnType<typeof askSocket>>) => (r === 'timeout' ? 'timeout' : r.ok ? 'ok' : r.error.code);
const data = <T>(r: Awaited<ReturnType<typeof askSocket>>) => (r as Ok<T>).data;

async function request(mode: 'video' | 'chat' | undefined, service = 'PADRO') {
  const i = n++;
  const json = {
    serviceId: ids.service(service),
    name: personName(i),
    email: `chat${i}@example.org`,
    language: 'ca',
    ...(mode && { mode }),
  };
  const res = await api(t.url, '/api/live/requests', { json });
  expect(res.status).toBe(201);
  return res.body as {
    token: string;
    status: { status: string; mode: string; position: number; wait: { lowSeconds: number; highSeconds: number; basis: string } };
  };
}
const presence = (cookie: string, status: 'available' | 'away') => api(t.url, '/api/live/presence', { cookie, json: { status } });
const desk = async (cookie: string) => (await api(t.url, '/api/live/desk', { cookie })).body;

/** Everyone away, nobody waiting or being served: each test starts from an empty line. */
async function reset() {
  await t.db('staff_presence').update({ status: 'away' });
  await t.db('queue_entries').whereIn('status', ['waiting', 'offered', 'serving']).update({
    status: 'left',
    offered_to: null,
    offered_at: null,
    offer_expires_at: null,
  });
}

/** A chat request Laia accepts: its token, its appointment and its ticket. */
async function acceptedChat() {
  await reset();
  const asked = await request('chat');
  await presence(laia, 'available');
  const offer = (await desk(laia)).offer;
  expect(offer).toMatchObject({ mode: 'chat', citizenName: personName(n - 1) });
  const accepted = await api(t.url, `/api/live/offers/${offer.entryId}/accept`, { cookie: laia, method: 'POST' });
  expect(accepted.status).toBe(200);
  opened.push(accepted.body.appointmentId);
  return { token: asked.token, appointmentId: accepted.body.appointmentId as string, ticketId: accepted.body.ticketId as string };
}

async function enter(auth: { token?: string; cookie?: string }, appointmentId: string) {
  const socket = await connectSocket(t.url, auth, sockets);
  const join = await askSocket(socket, CallEvent.join, { appointmentId });
  expect(code(join)).toBe('ok');
  return { socket, joined: data<JoinResult>(join) };
}

/** Every `event` a socket gets from now on. */
function collect<T>(socket: ClientSocket, event: string): T[] {
  const got: T[] = [];
  (socket as unknown as { on(e: string, l: (p: T) => void): void }).on(event, (p) => got.push(p));
  return got;
}

beforeAll(async () => {
  t = await startTestServer({ media: true, env: { LIVE_TICK_SECONDS: '60', LIVE_OFFER_SECONDS: '30' } });
  ids = await catalogue(t.db);
  marta = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  laia = await login(t.url, 'clerk2@oac.example', DEMO.clerk.password);
  const [row] = await t
    .db('staff_users')
    .insert({
      email: 'chat.spare@oac.example',
      name: 'Clerk Spare',
      role: 'clerk',
      office_id: ids.office('oac-ciutat-vella'),
      password_hash: await hashPassword('chat-clerk-2026'),
    })
    .returning('id');
  await t.db('queue_members').insert({ queue_id: (await t.db('queues').where({ code: 'OAC' }).first('id')).id, staff_id: row.id });
  spare = { id: row.id, cookie: await login(t.url, 'chat.spare@oac.example', 'chat-clerk-2026') };
});
afterEach(async () => {
  for (const id of opened.splice(0)) await api(t.url, `/api/staff/appointments/${id}/end`, { cookie: laia, json: { outcome: 'done' } });
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(() => t?.stop());

describe('asking for chat help', () => {
  it('makes a ticket by chat in the same queue, with the same priority, place and estimate as a video call', async () => {
    await reset();
    // A clerk on duty, offered the first citizen: the places behind get an estimate, not "nobody".
    await t.db('staff_presence').insert({ staff_id: spare.id, status: 'available' }).onConflict('staff_id').merge();
    const first = await request('video');
    const chat = await request('chat');
    expect(chat.status).toMatchObject({ status: 'waiting', mode: 'chat', position: 2 });
    expect(chat.status.wait.basis).not.toBe('no_agents');
    // Its ticket is a contact by chat, in the queue and with the priority a video call of PADRO gets.
    const tickets = await t
      .db('tickets as t')
      .join('queue_entries as e', 'e.ticket_id', 't.id')
      .whereIn('e.id', t.db('queue_entries').whereIn('status', ['waiting', 'offered']).select('id'))
      .orderBy('e.created_at')
      .select('t.channel', 't.queue_id', 't.priority', 't.status', 'e.mode', 'e.queue_id as entry_queue', 'e.priority as entry_priority');
    expect(tickets).toHaveLength(2);
    const [video, byChat] = tickets;
    expect(video).toMatchObject({ channel: 'on_demand', mode: 'video' });
    expect(byChat).toMatchObject({ channel: 'chat', mode: 'chat', status: 'classified' });
    expect(byChat.queue_id).toBe(video.queue_id);
    expect(byChat.entry_queue).toBe(video.entry_queue);
    expect([byChat.priority, byChat.entry_priority]).toEqual([video.priority, video.entry_priority]);
    // A video call asked for at the same place now waits exactly as long.
    await api(t.url, '/api/live/me/leave', { token: chat.token, method: 'POST' });
    const second = await request(undefined);
    expect(second.status).toMatchObject({ mode: 'video', position: 2 });
    expect([second.status.wait.lowSeconds, second.status.wait.highSeconds]).toEqual([
      chat.status.wait.lowSeconds,
      chat.status.wait.highSeconds,
    ]);
    expect((await api(t.url, '/api/live/me', { token: first.token })).body.mode).toBe('video');
  });

  it('refuses a mode that is neither video nor chat', async () => {
    const res = await api(t.url, '/api/live/requests', {
      json: { serviceId: ids.service('PADRO'), name: 'Anna Garcia', email: 'anna@example.org', language: 'ca', mode: 'phone' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_error');
  });
});

describe('a chat the clerk accepted', () => {
  it('is an on-demand appointment in chat mode that the waiting page opens, and the database keeps the modes to two', async () => {
    const { token, appointmentId } = await acceptedChat();
    expect((await api(t.url, '/api/live/me', { token })).body).toMatchObject({ status: 'serving', mode: 'chat', appointmentId });
    expect((await api(t.url, '/api/citizen/appointment', { token })).body).toMatchObject({ id: appointmentId, callMode: 'chat' });
    expect((await api(t.url, `/api/staff/appointments/${appointmentId}`, { cookie: laia })).body.callMode).toBe('chat');
    expect(await t.db('appointments').where({ id: appointmentId }).first('on_demand', 'call_mode', 'channel')).toEqual({
      on_demand: true,
      call_mode: 'chat',
      channel: 'video',
    });
    await expect(t.db('appointments').where({ id: appointmentId }).update({ call_mode: 'phone' })).rejects.toThrow(
      /appointments_call_mode/,
    );
    await expect(t.db('queue_entries').where({ appointment_id: appointmentId }).update({ mode: 'sms' })).rejects.toThrow(
      /queue_entries_mode/,
    );
    // A booked appointment is never a chat: only a call from the line is.
    const booked = await bookFor(t, 'joan', 24 * 60);
    await expect(t.db('appointments').where({ id: booked.appointment.id }).update({ call_mode: 'chat' })).rejects.toThrow(
      /appointments_chat_on_demand/,
    );
  });

  it('gives both sides the chat and each other, and nobody a transport', async () => {
    const { token, appointmentId } = await acceptedChat();
    const citizen = await enter({ token }, appointmentId);
    // Accepted from the line: no lobby, and nothing of the media side.
    expect(citizen.joined).toMatchObject({ mode: 'chat', stage: 'admitted', routerRtpCapabilities: {} });
    const clerk = await enter({ cookie: laia }, appointmentId);
    expect(clerk.joined.mode).toBe('chat');
    expect(clerk.joined.peers.map((p) => p.role)).toEqual(['citizen']);
    await expect.poll(async () => (await t.db('appointments').where({ id: appointmentId }).first('status')).status).toBe('in_call');
    for (const side of [citizen, clerk]) {
      expect(code(await askSocket(side.socket, CallEvent.createTransport, { direction: 'recv' }))).toBe('forbidden');
      expect(code(await askSocket(side.socket, CallEvent.createTransport, { direction: 'send' }))).toBe('forbidden');
    }
    expect((await t.server.calls.transportsFor(appointmentId, 'citizen')).ids).toEqual([]);
    // Messages both ways, each kept.
    const atClerk = collect<ChatMessage>(clerk.socket, CallEvent.chatMessage);
    const atCitizen = collect<ChatMessage>(citizen.socket, CallEvent.chatMessage);
    expect(code(await askSocket(citizen.socket, CallEvent.chatSend, { text: 'No puc pujar el document al tràmit.' }))).toBe('ok');
    expect(code(await askSocket(clerk.socket, CallEvent.chatSend, { text: 'Quin format té el fitxer?' }))).toBe('ok');
    await expect.poll(() => atClerk.map((m) => m.text)).toContain('No puc pujar el document al tràmit.');
    await expect.poll(() => atCitizen.map((m) => m.text)).toContain('Quin format té el fitxer?');
    expect(await t.db('call_messages').where({ appointment_id: appointmentId }).orderBy('sent_at').pluck('author_role')).toEqual([
      'citizen',
      'clerk',
    ]);
  });
});

describe('turning a chat into a video call', () => {
  it('is the clerk in charge’s to do, once: audited, told to everyone, and then the citizen gets media', async () => {
    const { token, appointmentId } = await acceptedChat();
    const citizen = await enter({ token }, appointmentId);
    const clerk = await enter({ cookie: laia }, appointmentId);
    const toCitizen = collect<{ mode: string }>(citizen.socket, CallEvent.modeChanged);
    const toClerk = collect<{ mode: string }>(clerk.socket, CallEvent.modeChanged);

    // From the wrong side: the citizen, another clerk of the same office (who may not even join).
    expect(code(await askSocket(citizen.socket, CallEvent.switchToVideo, {}))).toBe('forbidden');
    const other = await connectSocket(t.url, { cookie: marta }, sockets);
    expect(code(await askSocket(other, CallEvent.join, { appointmentId }))).toBe('forbidden');
    expect(code(await askSocket(other, CallEvent.switchToVideo, {}))).toBe('not_in_call');
    expect((await t.db('appointments').where({ id: appointmentId }).first('call_mode')).call_mode).toBe('chat');

    const switched = await askSocket(clerk.socket, CallEvent.switchToVideo, {});
    expect(code(switched)).toBe('ok');
    await expect.poll(() => toCitizen).toEqual([{ mode: 'video' }]);
    await expect.poll(() => toClerk).toEqual([{ mode: 'video' }]);
    expect(await t.db('appointments').where({ id: appointmentId }).first('call_mode')).toEqual({ call_mode: 'video' });
    const audit = await t
      .db('audit_events')
      .where({ entity: 'appointment', entity_id: appointmentId })
      .orderBy('id')
      .select('action', 'actor_name', 'from_state', 'to_state');
    expect(audit).toContainEqual({
      action: 'call.switched_to_video',
      actor_name: 'Laia Vidal Pons',
      from_state: 'chat',
      to_state: 'video',
    });
    // The citizen who joins again with their camera is in the video call at once, with a transport.
    expect((await t.db('call_admissions').where({ appointment_id: appointmentId }).first('admitted')).admitted).toBe(true);
    expect(code(await askSocket(clerk.socket, CallEvent.switchToVideo, {}))).toBe('invalid_transition');
    const again = await enter({ token }, appointmentId);
    expect(again.joined).toMatchObject({ mode: 'video', stage: 'admitted' });
    expect(again.joined.routerRtpCapabilities.codecs?.length).toBeGreaterThan(0);
    expect(code(await askSocket(again.socket, CallEvent.createTransport, { direction: 'send' }))).toBe('ok');
    expect(audit.filter((a) => a.action === 'call.switched_to_video')).toHaveLength(1);
  });

  it('is refused once the call has ended', async () => {
    const { token, appointmentId } = await acceptedChat();
    await enter({ token }, appointmentId);
    const clerk = await enter({ cookie: laia }, appointmentId);
    const ended = await api(t.url, `/api/staff/appointments/${appointmentId}/end`, { cookie: laia, json: { outcome: 'done' } });
    expect(ended.status).toBe(200);
    // The socket that was in the call, and a fresh one: neither turns the ended chat into video.
    expect(code(await askSocket(clerk.socket, CallEvent.switchToVideo, {}))).toBe('not_in_call');
    const fresh = await connectSocket(t.url, { cookie: laia }, sockets);
    expect(code(await askSocket(fresh, CallEvent.join, { appointmentId }))).toBe('appointment_closed');
    expect(code(await askSocket(fresh, CallEvent.switchToVideo, {}))).toBe('not_in_call');
    expect((await t.db('appointments').where({ id: appointmentId }).first('call_mode')).call_mode).toBe('chat');
    expect(await t.db('audit_events').where({ entity_id: appointmentId, action: 'call.switched_to_video' }).first()).toBeUndefined();
  });
});

describe("the ticket's timeline", () => {
  it('has the chat, with who wrote and when, in order with the other events', async () => {
    const { token, appointmentId, ticketId } = await acceptedChat();
    const citizen = await enter({ token }, appointmentId);
    const clerk = await enter({ cookie: laia }, appointmentId);
    await askSocket(citizen.socket, CallEvent.chatSend, { text: 'Bon dia, el tràmit em dona error.' });
    await askSocket(clerk.socket, CallEvent.chatSend, { text: 'Ara ho mirem junts.' });
    await askSocket(clerk.socket, CallEvent.switchToVideo, {});
    const detail = await api(t.url, `/api/tickets/${ticketId}`, { cookie: laia });
    expect(detail.status).toBe(200);
    const timeline = detail.body.timeline as TimelineEntry[];
    const chat = timeline.filter((e) => e.action === 'chat.message');
    expect(chat.map((e) => [e.actor, e.details.role, e.details.text])).toEqual([
      [personName(n - 1), 'citizen', 'Bon dia, el tràmit em dona error.'],
      ['Laia Vidal Pons', 'clerk', 'Ara ho mirem junts.'],
    ]);
    expect(chat.every((e) => e.details.appointmentId === appointmentId)).toBe(true);
    // Oldest first, the chat between the start of the call and its switch to video.
    const at = timeline.map((e) => Date.parse(e.at));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    const where = (action: string) => timeline.findIndex((e) => e.action === action);
    expect(where('ticket.registered')).toBeLessThan(where('chat.message'));
    expect(where('appointment.call_started')).toBeLessThan(where('chat.message'));
    expect(timeline.findLastIndex((e) => e.action === 'chat.message')).toBeLessThan(where('call.switched_to_video'));
    // Only staff who may see the ticket read it: not its citizen, not another office's clerk.
    expect((await api(t.url, `/api/tickets/${ticketId}`, { token })).body.error.code).toBe('forbidden');
    const housing = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
    expect((await api(t.url, `/api/tickets/${ticketId}`, { cookie: housing })).body.error.code).toBe('forbidden');
  });
});
