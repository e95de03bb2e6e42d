import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BARCELONA_HOLIDAYS, hashPassword } from '@oac/server';
import { api, catalogue, DEMO, login, startTestServer, type TestServer } from '../support';
import { launchChromium, newParty } from '../support/browser';

/*
 * Issue 14, as a scheduler of the housing office would do it, in Chromium: a holiday takes a day
 * away from citizens, a new shift gives them new times, and a reassigned appointment lands on the
 * other clerk's agenda.
 */

let t: TestServer;
let browser: Browser;
let scheduler: Page;
let citizen: Page;
let ids: Awaited<ReturnType<typeof catalogue>>;
let housing: string;
const ZONE = 'Europe/Madrid';
const localDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(d);
const isoWeekday = (day: string) => ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

beforeAll(async () => {
  t = await startTestServer({ clientDist: true });
  ids = await catalogue(t.db);
  housing = ids.office('habitatge-eixample');
  await t.db('staff_users').insert({
    email: 'second.housing@oac.example',
    name: 'Clara Roig Font',
    role: 'clerk',
    office_id: housing,
    password_hash: await hashPassword('second-clerk-2026'),
  });
  browser = await launchChromium();
  scheduler = (await newParty(browser, t.url)).page;
  citizen = (await newParty(browser, t.url)).page;
  await scheduler.goto('/staff/login');
  await scheduler.getByTestId('login-email').fill('housing.scheduler@oac.example');
  await scheduler.getByTestId('login-password').fill(DEMO.scheduler.password);
  await scheduler.getByTestId('login-submit').click();
  await scheduler.getByTestId('tab-board').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The days a citizen is offered for a housing procedure in the first week shown. */
async function citizenDays(code = 'LLOGUER'): Promise<string[]> {
  await citizen.goto('/');
  await citizen.getByTestId(`service-${code}`).click();
  await citizen.getByTestId('office-habitatge-eixample').click();
  await citizen.locator('[data-testid="slot-day"], .notice').first().waitFor();
  return citizen.locator('[data-testid="slot-day"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-day')!));
}

describe('a housing scheduler', () => {
  it('sets a holiday, and citizens can no longer book that day', async () => {
    const before = await citizenDays();
    const day = before[1]!;
    await scheduler.goto('/staff/planning?tab=closures');
    await scheduler.getByTestId('exception-kind').selectOption('closure');
    await scheduler.getByTestId('exception-name').fill('Trasllat de l’oficina');
    await scheduler.getByTestId('exception-from').fill(day);
    await scheduler.getByTestId('exception-to').fill(day);
    await scheduler.getByTestId('exception-add').click();
    await scheduler.getByTestId('change-result').waitFor({ state: 'visible' });
    await scheduler.locator('[data-testid="exception-item"]', { hasText: 'Trasllat' }).waitFor();
    const after = await citizenDays();
    expect(after).not.toContain(day);
    expect(after).toEqual(before.filter((d) => d !== day));
  });

  it("adds a clerk's shift, and the new times appear to citizens", async () => {
    // A weekend day of the week citizens see first, that is no holiday: opened, but nobody is on shift yet.
    const holidays = new Set(BARCELONA_HOLIDAYS.map(([d]) => d));
    const weekend = Array.from({ length: 6 }, (_, i) => localDay(new Date(Date.now() + (i + 1) * 86_400_000))).find(
      (d) => isoWeekday(d) >= 6 && !holidays.has(d),
    )!;
    const weekday = isoWeekday(weekend);
    const week = await api(t.url, `/api/scheduling/offices/${housing}`, { cookie: await schedulerCookie() });
    const hours = [...week.body.hours, { weekday, opens: '10:00', closes: '13:00' }];
    expect(
      (await api(t.url, `/api/scheduling/offices/${housing}/hours`, { cookie: await schedulerCookie(), json: { hours } })).status,
    ).toBe(200);
    expect(await citizenDays('CEDULA')).not.toContain(weekend);
    await scheduler.goto('/staff/planning?tab=roster');
    const jordi = (await t.db('staff_users').where({ email: DEMO.housingClerk.email }).first('id')).id;
    await scheduler.getByTestId('shift-clerk').selectOption(jordi);
    await scheduler.getByTestId('shift-weekday').selectOption(String(weekday));
    await scheduler.getByTestId('shift-starts').fill('10:00');
    await scheduler.getByTestId('shift-ends').fill('13:00');
    await scheduler.getByTestId('shift-add').click();
    await scheduler.getByTestId('change-result').waitFor({ state: 'visible' });
    const offered = await citizenDays('CEDULA');
    expect(offered, `days offered: ${offered.join(', ')}`).toContain(weekend);
    await citizen.locator(`[data-testid="slot-day"][data-day="${weekend}"]`).click();
    const times = await citizen
      .locator('[data-testid="slot-option"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-starts-at')!));
    // 10:00 to 13:00 in 20-minute slots: nine of them.
    expect(times).toHaveLength(9);
    expect(times.every((iso) => localDay(new Date(iso)) === weekend)).toBe(true);
  });

  it("reassigns an appointment, and the other clerk's agenda shows it", async () => {
    const day = (await citizenDays())[0]!;
    const slots = await api(t.url, `/api/slots?serviceId=${ids.service('LLOGUER')}&officeId=${housing}&from=${day}&days=1`);
    const booked = await api(t.url, '/api/bookings', {
      json: {
        slotId: slots.body[0].id,
        serviceId: ids.service('LLOGUER'),
        name: 'Joan Riera',
        email: 'joan.riera@example.org',
        language: 'ca',
      },
    });
    expect(booked.status).toBe(201);
    const id = booked.body.appointment.id;
    const second = (await t.db('staff_users').where({ email: 'second.housing@oac.example' }).first('id')).id;
    await scheduler.goto(`/staff/planning?tab=board&date=${day}`);
    const row = scheduler.locator(`[data-testid="board-appointment"][data-appointment-id="${id}"]`);
    await row.getByTestId('reassign-clerk').selectOption(second);
    await row.getByTestId('reassign-button').click();
    await scheduler.locator(`[data-testid="board-appointment"][data-appointment-id="${id}"][data-clerk-id="${second}"]`).waitFor();
    const clerk = (await newParty(browser, t.url)).page;
    await clerk.goto('/staff/login');
    await clerk.getByTestId('login-email').fill('second.housing@oac.example');
    await clerk.getByTestId('login-password').fill('second-clerk-2026');
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('agenda-prev').waitFor();
    await clerk.goto(`/staff?date=${day}`);
    await clerk.locator(`[data-testid="agenda-item"][data-appointment-id="${id}"]`).waitFor();
    expect((await t.db('appointments').where({ id }).first('clerk_id')).clerk_id).toBe(second);
  });
});

describe("a slot's seats set by hand", () => {
  it('raises a slot past the roster, refuses to go under its bookings, and goes back to the roster', async () => {
    const day = (await citizenDays())[2]!;
    const slots = await api(t.url, `/api/slots?serviceId=${ids.service('LLOGUER')}&officeId=${housing}&from=${day}&days=1`);
    const [first, second] = slots.body as { id: string }[];
    const booked = await api(t.url, '/api/bookings', {
      json: { slotId: second!.id, serviceId: ids.service('LLOGUER'), name: 'Pere Soler', email: 'pere.seats@example.org', language: 'ca' },
    });
    expect(booked.status).toBe(201);
    await scheduler.goto(`/staff/planning?tab=board&date=${day}`);
    await scheduler.locator(`[data-testid="slot-capacity-list"][data-service-id="${ids.service('LLOGUER')}"] summary`).click();
    const row = scheduler.locator(`[data-testid="slot-capacity-row"][data-slot-id="${first!.id}"]`);
    await row.getByTestId('slot-capacity-input').fill('5');
    await row.getByTestId('slot-capacity-save').click();
    await row.getByTestId('slot-capacity-reset').waitFor();
    expect(await t.db('slots').where({ id: first!.id }).first('capacity', 'capacity_override')).toEqual({
      capacity: 5,
      capacity_override: 5,
    });
    const full = scheduler.locator(`[data-testid="slot-capacity-row"][data-slot-id="${second!.id}"]`);
    await full.getByTestId('slot-capacity-input').fill('0');
    await full.getByTestId('slot-capacity-save').click();
    await full.locator('.notice--error, .field__error').first().waitFor();
    expect((await t.db('slots').where({ id: second!.id }).first('capacity')).capacity).toBe(1);
    await row.getByTestId('slot-capacity-reset').click();
    await row.getByTestId('slot-capacity-reset').waitFor({ state: 'detached' });
    expect((await t.db('slots').where({ id: first!.id }).first('capacity_override')).capacity_override).toBeNull();
  });
});

describe('a citizen who picks the procedure first', () => {
  it('sees the offices that offer it, and with "any office" the first free times of all of them, each with its office', async () => {
    await citizen.goto('/');
    await citizen.getByTestId('service-CEDULA').click();
    await citizen.getByTestId('office-any').waitFor();
    expect(await citizen.locator('[data-testid^="office-habitatge"]').count()).toBe(2);
    expect(await citizen.getByTestId('office-oac-ciutat-vella').count()).toBe(0);
    await citizen.getByTestId('office-any').click();
    await citizen.locator('[data-testid="slot-option"]').first().waitFor();
    const offices = await citizen.locator('[data-testid="slot-option"] .slot__office').allTextContents();
    expect(new Set(offices).size).toBeGreaterThanOrEqual(1);
    // Any office's slots are the union of each office's, in time order.
    const day = await citizen.locator('[data-testid="slot-day"][aria-pressed="true"]').getAttribute('data-day');
    const shown = await citizen
      .locator('[data-testid="slot-option"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-slot-id')!));
    const each = await Promise.all(
      ['habitatge-eixample', 'habitatge-sant-marti'].map(async (slug) => {
        const res = await api(t.url, `/api/slots?serviceId=${ids.service('CEDULA')}&officeId=${ids.office(slug)}&from=${day}&days=1`);
        return res.body as { id: string; startsAt: string }[];
      }),
    );
    const union = each
      .flat()
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .map((s) => s.id);
    expect(new Set(shown)).toEqual(new Set(union));
  });
});

describe('a citizen who would rather come to the office', () => {
  it('books in person where the office and the procedure take visits, and the confirmation says where', async () => {
    await citizen.goto('/');
    await citizen.getByTestId('service-CEDULA').click();
    await citizen.getByTestId('office-habitatge-sant-marti').click();
    await citizen.locator('[data-testid="slot-option"]').first().click();
    await citizen.getByTestId('booking-channel-in-person').check();
    await citizen.getByTestId('booking-name').fill('Rosa Vidal');
    await citizen.getByTestId('booking-email').fill('rosa.vidal@example.org');
    await citizen.getByTestId('booking-submit').click();
    await citizen.getByTestId('booking-in-person').waitFor();
    expect(await citizen.getByTestId('booking-in-person').textContent()).toContain('Carrer de Pujades, 350');
    const row = await t.db('appointments').where({ citizen_email: 'rosa.vidal@example.org' }).first('channel');
    expect(row.channel).toBe('in_person');
    // A procedure that is by video only offers no such choice.
    await citizen.goto('/');
    await citizen.getByTestId('service-PADRO').click();
    await citizen.getByTestId('office-oac-ciutat-vella').click();
    await citizen.locator('[data-testid="slot-option"]').first().click();
    await citizen.getByTestId('booking-name').waitFor();
    expect(await citizen.getByTestId('booking-channel').count()).toBe(0);
  });
});

describe('a citizen on a phone', () => {
  it('sees the first free time without scrolling, what to bring, and keeps the chosen day after "slot taken"', async () => {
    const phone = (await newParty(browser, t.url, { width: 390, height: 844 })).page;
    await phone.goto('/');
    await expect.poll(() => phone.getByTestId('service-documents').count()).toBeGreaterThan(0);
    await phone.getByTestId('service-LLOGUER').click();
    await phone.getByTestId('office-habitatge-eixample').click();
    const first = phone.locator('[data-testid="slot-option"]').first();
    await first.waitFor();
    const box = (await first.boundingBox())!;
    expect(box.y + box.height, 'the first free time is inside the phone screen as the step opens').toBeLessThanOrEqual(844);
    expect(box.y).toBeGreaterThanOrEqual(0);
    const days = await phone.locator('[data-testid="slot-day"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-day')!));
    const day = days[1]!;
    await phone.locator(`[data-testid="slot-day"][data-day="${day}"]`).click();
    const chosen = phone.locator('[data-testid="slot-option"]').nth(2);
    const slotId = (await chosen.getAttribute('data-slot-id'))!;
    await chosen.click();
    await phone.getByTestId('booking-documents').waitFor();
    // Somebody else takes that time meanwhile.
    const other = await api(t.url, '/api/bookings', {
      json: { slotId, serviceId: ids.service('LLOGUER'), name: 'Marc Pons', email: 'marc.pons@example.org', language: 'ca' },
    });
    expect(other.status).toBe(201);
    await phone.getByTestId('booking-name').fill('Laia Ferrer');
    await phone.getByTestId('booking-email').fill('laia.ferrer@example.org');
    await phone.getByTestId('booking-submit').click();
    await phone.locator(`[data-testid="slot-day"][data-day="${day}"][aria-pressed="true"]`).waitFor();
    expect(await phone.locator(`[data-testid="slot-option"][data-slot-id="${slotId}"]`).count()).toBe(0);
  });
});

let cookie: string | null = null;
async function schedulerCookie(): Promise<string> {
  cookie ??= await login(t.url, 'housing.scheduler@oac.example', DEMO.scheduler.password);
  return cookie;
}
