import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty } from '../support/browser';
import { api, bookFor, DEMO, login, startTestServer, type TestServer } from '../support/index';

/*
 * The single window's tickets (issue 15), in Chromium and in Catalan: a clerk registers a phone
 * call, takes it, writes to the citizen, waits for them, resumes and resolves, each step through
 * the buttons' accessible names; and a citizen reads their procedure's state and the note meant for
 * them, never the internal one, on their private page.
 */

const shots = path.join(os.tmpdir(), 'oac-e2e-shots');
let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  t = await startTestServer({ clientDist: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function inCatalan(): Promise<Page> {
  const { page } = await newParty(browser, t.url);
  await page.addInitScript(() => localStorage.setItem('oac.language', 'ca'));
  return page;
}

/** Waits until the ticket's facts say it is in `state`, in words. */
async function stateIs(page: Page, words: string): Promise<void> {
  await page
    .getByTestId('ticket-facts')
    .getByTestId('ticket-status')
    .filter({ hasText: new RegExp(`^${words}$`) })
    .waitFor();
}

describe('a clerk works a ticket from the tickets page', () => {
  it('registers a phone call, takes it, writes to the citizen, waits, resumes and resolves it', async () => {
    const page = await inCatalan();
    await page.goto('/staff/login');
    await page.getByTestId('login-email').fill(DEMO.clerk.email);
    await page.getByTestId('login-password').fill(DEMO.clerk.password);
    await page.getByTestId('login-submit').click();
    await page.getByRole('link', { name: 'Tiquets', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tiquets', exact: true }).waitFor();
    // A colleague watches the queues' board meanwhile, on their own page.
    const colleague = await inCatalan();
    await colleague.goto('/staff/login');
    await colleague.getByTestId('login-email').fill('clerk2@oac.example');
    await colleague.getByTestId('login-password').fill(DEMO.clerk.password);
    await colleague.getByTestId('login-submit').click();
    await colleague.getByRole('link', { name: 'Tiquets', exact: true }).click();
    await colleague.getByRole('link', { name: 'Les meves cues', exact: true }).click();
    await colleague.getByTestId('ticket-count').waitFor();

    const form = page.getByRole('region', { name: 'Registra un contacte', exact: true });
    await form.getByRole('radio', { name: 'Telèfon', exact: true }).check();
    await form.getByRole('textbox', { name: 'Assumpte', exact: true }).fill('Dubte sobre el volant d’empadronament');
    await form.getByRole('textbox', { name: 'Nom i cognoms del ciutadà o la ciutadana', exact: true }).fill('Laia Ferrer Costa');
    await form.getByRole('textbox', { name: 'Telèfon', exact: true }).fill('+34 600 111 222');
    await form.getByRole('checkbox', { name: 'L’atenc ara: assigna-me’l', exact: true }).uncheck();
    await form.getByRole('button', { name: 'Registra el contacte', exact: true }).click();
    const open = form.getByRole('link', { name: /^Obre el tiquet OAC-\d{4}-\d{6}$/ });
    const number = (await open.textContent())!.replace('Obre el tiquet ', '');
    // The colleague's board shows it as it comes in, with no reload.
    await colleague.getByRole('link', { name: number, exact: true }).waitFor({ timeout: 5_000 });
    await colleague.close();
    // It waits in the general queue, uncatalogued: the clerk's queues list it at once.
    await page.getByRole('link', { name: 'Les meves cues', exact: true }).click();
    await page.getByRole('link', { name: number, exact: true }).waitFor();

    await open.click();
    await page.getByRole('heading', { level: 1, name: `Tiquet ${number}`, exact: true }).waitFor();
    await stateIs(page, 'Registrat');
    await page.getByRole('button', { name: 'Agafa el tiquet', exact: true }).click();
    await stateIs(page, 'En curs');
    await page.getByRole('status').filter({ hasText: 'Fet. Ara el tiquet està: En curs.' }).waitFor();
    expect(await page.getByTestId('ticket-owner').textContent()).toContain('Marta Puig i Soler');

    await page.getByRole('radio', { name: 'També el ciutadà, a la pàgina de la seva cita', exact: true }).check();
    await page.getByRole('textbox', { name: 'Text de la nota', exact: true }).fill('Us trucarem quan tinguem el volant preparat.');
    await page.getByRole('button', { name: 'Afegeix la nota per al ciutadà', exact: true }).click();
    await page.locator('[data-testid="ticket-note"][data-visibility="citizen"]', { hasText: 'Us trucarem' }).waitFor();
    expect(await page.locator('[data-testid="ticket-note"]').first().textContent()).toContain('Visible per al ciutadà');

    await page.getByRole('button', { name: 'Espera resposta del ciutadà', exact: true }).click();
    await stateIs(page, 'Espera el ciutadà');
    // While it waits for the citizen, the resolution clock stands still.
    await page.getByTestId('ticket-facts').getByTestId('sla-resolve').filter({ hasText: 'aturat' }).waitFor();
    expect(await page.getByRole('button', { name: 'Espera resposta del ciutadà', exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Reprèn la feina', exact: true }).click();
    await stateIs(page, 'En curs');
    await page.getByRole('button', { name: 'Marca’l com a resolt', exact: true }).click();
    await stateIs(page, 'Resolt');
    const offered = await page.getByTestId('ticket-actions').getByRole('button').allTextContents();
    expect(offered).toEqual(['Torna’l a obrir', 'Tanca’l']);

    const history = await page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(history).toEqual([
      'ticket.registered',
      'ticket.taken',
      'ticket.note_added',
      'ticket.waiting_citizen',
      'ticket.resumed',
      'ticket.resolved',
    ]);
    await page.getByTestId('ticket-timeline').getByText('De «Espera el ciutadà» a «En curs»').waitFor();

    // A resolved ticket is no longer open: it has left the clerk's own list, and a search finds it.
    await page.getByRole('link', { name: 'Torna als tiquets', exact: true }).click();
    await page.getByRole('link', { name: 'Cerca', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Número de tiquet o correu electrònic', exact: true }).fill(number);
    await page.getByRole('combobox', { name: 'Estat', exact: true }).selectOption('resolved');
    await page.getByRole('search').getByRole('button', { name: 'Cerca', exact: true }).click();
    const row = page.locator('[data-testid="ticket-row"]', { hasText: number });
    await row.filter({ hasText: 'Resolt' }).waitFor();
    expect(await page.getByTestId('ticket-count').textContent()).toBe('1 tiquet.');
  });
});

describe("the citizen's private page", () => {
  it("shows the procedure's state and the note for the citizen, not the internal one", async () => {
    const booking = await bookFor(t, 'anna', 240);
    const cookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    const found = await api(t.url, `/api/tickets?view=all&q=${encodeURIComponent(booking.appointment.ticketNumber)}`, { cookie });
    expect(found.body.tickets).toHaveLength(1);
    const id = found.body.tickets[0].id;
    const note = (visibility: string, body: string) => api(t.url, `/api/tickets/${id}/notes`, { cookie, json: { visibility, body } });
    expect((await api(t.url, `/api/tickets/${id}/actions`, { cookie, json: { action: 'take' } })).status).toBe(200);
    expect((await note('citizen', 'Porteu el DNI original el dia de la cita.')).status).toBe(201);
    expect((await note('internal', 'Revisar el padró anterior abans de la cita.')).status).toBe(201);

    const page = await inCatalan();
    await page.goto(booking.link);
    const section = page.getByRole('region', { name: 'El vostre tràmit', exact: true });
    await section.getByText('El personal de l’oficina hi està treballant.').waitFor();
    const text = await section.textContent();
    expect(text).toContain(booking.appointment.ticketNumber);
    expect(text).toContain('Porteu el DNI original el dia de la cita.');
    expect(text).not.toContain('Revisar el padró anterior');
    expect(await page.locator('body').textContent()).not.toContain('Revisar el padró anterior');

    // The office waits for the citizen; the citizen answers from the page, and the ticket resumes.
    expect((await api(t.url, `/api/tickets/${id}/actions`, { cookie, json: { action: 'wait_citizen' } })).status).toBe(200);
    await page.reload();
    await section.getByText('Esperem una resposta o un document vostre.').waitFor();
    await section.getByRole('button', { name: 'Envia la resposta' }).click();
    await section.getByText('Escriviu la resposta abans d’enviar-la.').waitFor();
    await section.getByRole('textbox', { name: 'Responeu a l’oficina' }).fill('El portaré, gràcies.');
    await section.getByRole('button', { name: 'Envia la resposta' }).click();
    await section.getByText('Hem rebut la vostra resposta.').waitFor();
    await section.getByText('El personal de l’oficina hi està treballant.').waitFor();
    expect(await section.getByTestId('citizen-ticket-notes').textContent()).toContain('El portaré, gràcies.');
    await page.setViewportSize({ width: 390, height: 844 });
    mkdirSync(shots, { recursive: true });
    await section.screenshot({ path: path.join(shots, 'ticket-citizen-reply-390.png') });
    const staff = await api(t.url, `/api/tickets/${id}`, { cookie });
    expect(staff.body).toMatchObject({ status: 'in_progress' });
    expect(staff.body.notes.at(-1)).toMatchObject({ fromCitizen: true, body: 'El portaré, gràcies.' });

    // Resolved: the page asks how it went, once.
    expect((await api(t.url, `/api/tickets/${id}/actions`, { cookie, json: { action: 'resolve' } })).status).toBe(200);
    await page.reload();
    const survey = page.getByRole('form', { name: 'Com us hem atès?' });
    await survey.getByRole('button', { name: 'Envia l’enquesta' }).click();
    await survey.getByText('Trieu una valoració i digueu si s’ha resolt el tràmit.').waitFor();
    await survey.getByRole('radio', { name: '4 · Bé' }).check();
    await survey.getByRole('group', { name: 'S’ha resolt el vostre tràmit?' }).getByRole('radio', { name: 'Sí' }).check();
    await survey.getByRole('textbox', { name: 'Comentari (opcional)' }).fill('Molt clar');
    await page.getByTestId('citizen-survey').screenshot({ path: path.join(shots, 'ticket-citizen-survey-390.png') });
    await survey.getByRole('button', { name: 'Envia l’enquesta' }).click();
    await section.getByText('Gràcies per respondre l’enquesta.').waitFor();
    const answered = await api(t.url, `/api/tickets/${id}`, { cookie });
    expect(answered.body.survey).toMatchObject({ state: 'answered', rating: 4, solved: true, comment: 'Molt clar' });
  });
});
