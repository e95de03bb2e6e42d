import { MAX_UPLOAD_BYTES } from '@oac/shared';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, api, bookFor, login, startTestServer, type TestServer } from '@oac/tests/support';
import { bulkyPdf, validHeic, validJpeg, validPng } from '@oac/tests/support/hostile-files';

let t: TestServer;
let anna: Awaited<ReturnType<typeof bookFor>>;
let pere: Awaited<ReturnType<typeof bookFor>>;
let housing: Awaited<ReturnType<typeof bookFor>>;
let clerk: string;

async function samplePdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText(text, { x: 72, y: 760, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return pdf.save();
}

function upload(
  appointmentId: string,
  bytes: Uint8Array,
  filename: string,
  auth: { token?: string; cookie?: string },
  type = 'application/pdf',
) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), filename);
  return api(t.url, `/api/appointments/${appointmentId}/documents`, { method: 'POST', body: form, ...auth });
}

beforeAll(async () => {
  t = await startTestServer();
  anna = await bookFor(t, 'anna', 300);
  pere = await bookFor(t, 'pere', 320);
  housing = await bookFor(t, 'joan', 340);
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
});
afterAll(() => t?.stop());

describe('documents in S3', () => {
  it('round-trips a multi-part upload byte for byte, with its sha256 stored', async () => {
    // 12 MiB: larger than one 5 MiB part, so the upload really goes multipart.
    const bytes = bulkyPdf(12 * 1024 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const res = await upload(anna.appointment.id, bytes, 'certificat padró.pdf', { token: anna.token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'upload',
      contentType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: sha,
      filename: 'certificat padró.pdf',
    });
    const row = await t.db('documents').where({ id: res.body.id }).first();
    expect(row).toMatchObject({ size_bytes: bytes.length, sha256: sha, uploaded_by_kind: 'citizen', uploaded_by_name: 'Anna Garcia' });
    expect(row.s3_key).toMatch(new RegExp(`^appointments/${anna.appointment.id}/`));
    const back = await fetch(`${t.url}/api/documents/${res.body.id}/content`, { headers: { authorization: `Bearer ${anna.token}` } });
    expect(back.status).toBe(200);
    const got = Buffer.from(await back.arrayBuffer());
    expect(got.length).toBe(bytes.length);
    expect(createHash('sha256').update(got).digest('hex')).toBe(sha);
    // And straight from the bucket, bypassing the server: the object itself is intact.
    const direct = await t.server.store.getBytes(row.s3_key, 64 * 1024 * 1024);
    expect(direct.equals(bytes)).toBe(true);
  });

  it('detects the type from the bytes, not the name', async () => {
    const png = validPng();
    const ok = await upload(anna.appointment.id, png, 'photo.pdf', { token: anna.token }, 'application/pdf');
    expect(ok.status).toBe(201);
    expect(ok.body.contentType).toBe('image/png');
    const fake = await upload(anna.appointment.id, Buffer.from('MZ\x90\x00 this is an executable'), 'invoice.pdf', { token: anna.token });
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe('unsupported_media_type');
    const empty = await upload(anna.appointment.id, Buffer.alloc(0), 'empty.pdf', { token: anna.token });
    expect(empty.status).toBe(415);
  });

  it('refuses an upload over the size limit with 413, and stores nothing', async () => {
    const before = await t.db('documents').count<{ count: number }[]>({ count: '*' }).first();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX_UPLOAD_BYTES + 1024)]);
    const res = await upload(anna.appointment.id, big, 'big.pdf', { token: anna.token }).catch((e: Error) => ({
      status: 0,
      body: e.message,
    }));
    expect(res.status).toBe(413);
    expect((res.body as { error: { code: string } }).error.code).toBe('payload_too_large');
    const after = await t.db('documents').count<{ count: number }[]>({ count: '*' }).first();
    expect(after!.count).toBe(before!.count);
  });

  it('gets a 4xx, not a 500, for uploads without a file or with the wrong encoding', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    const none = await api(t.url, `/api/appointments/${anna.appointment.id}/documents`, { method: 'POST', body: form, token: anna.token });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('validation_error');
    const json = await api(t.url, `/api/appointments/${anna.appointment.id}/documents`, { json: { file: 'x' }, token: anna.token });
    expect(json.status).toBe(415);
    const broken = await api(t.url, `/api/appointments/${anna.appointment.id}/documents`, {
      method: 'POST',
      token: anna.token,
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-da',
    });
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
  });

  it('stamps a PDF with the clerk, the time and the ticket, and the citizen downloads it', async () => {
    const up = await upload(anna.appointment.id, await samplePdf('Sol·licitud de padró'), 'sollicitud.pdf', { token: anna.token });
    const stamped = await api(t.url, `/api/documents/${up.body.id}/stamp`, { method: 'POST', cookie: clerk });
    expect(stamped.status).toBe(201);
    expect(stamped.body).toMatchObject({ kind: 'stamped', sourceId: up.body.id, filename: 'sollicitud-segellat.pdf' });
    const res = await fetch(`${t.url}/api/documents/${stamped.body.id}/content`, { headers: { authorization: `Bearer ${anna.token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oac-stamp-'));
    writeFileSync(path.join(dir, 's.pdf'), bytes);
    const text = execFileSync('pdftotext', [path.join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(anna.appointment.ticketNumber);
    expect(text).toContain('Marta Puig i Soler');
    expect(text).toContain('Sol·licitud de padró');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(stamped.body.sha256);
  });

  it('stamps an image as a PDF, and refuses what cannot be put on a page', async () => {
    // A HEIC photo is kept, and shown as a file, but cannot be put on a page.
    const heic = await upload(anna.appointment.id, validHeic(), 'foto.heic', { token: anna.token });
    expect(heic.status).toBe(201);
    const res = await api(t.url, `/api/documents/${heic.body.id}/stamp`, { method: 'POST', cookie: clerk });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('document_not_stampable');
    // A JPEG becomes a one-page PDF, stamped.
    const jpeg = await upload(anna.appointment.id, await validJpeg(), 'dni.jpg', { token: anna.token });
    const stamped = await api(t.url, `/api/documents/${jpeg.body.id}/stamp`, { method: 'POST', cookie: clerk });
    expect(stamped.status).toBe(201);
    expect(stamped.body).toMatchObject({ contentType: 'application/pdf', kind: 'stamped', filename: 'dni-segellat.pdf' });
  });
});

describe('document access', () => {
  let annaDoc: string;
  beforeAll(async () => {
    annaDoc = (await upload(anna.appointment.id, await samplePdf('privat'), 'privat.pdf', { token: anna.token })).body.id;
  });

  it("a citizen's token opens no other citizen's documents", async () => {
    const list = await api(t.url, `/api/appointments/${anna.appointment.id}/documents`, { token: pere.token });
    expect(list.status).toBe(404);
    const content = await api(t.url, `/api/documents/${annaDoc}/content`, { token: pere.token });
    expect(content.status).toBe(404);
    expect(content.body.error.code).toBe('document_not_found');
    // Nor previewed, nor asked to be signed, signed, stamped, sealed or deleted, by a guessed id.
    expect((await api(t.url, `/api/documents/${annaDoc}/content?disposition=inline`, { token: pere.token })).status).toBe(404);
    const png = `data:image/png;base64,${validPng().toString('base64')}`;
    expect((await api(t.url, `/api/documents/${annaDoc}/sign`, { json: { method: 'drawn', image: png }, token: pere.token })).status).toBe(
      404,
    );
    expect((await api(t.url, `/api/appointments/${anna.appointment.id}/checklist`, { token: pere.token })).status).toBe(404);
    expect((await api(t.url, `/api/documents/${annaDoc}/seal`, { method: 'POST', token: pere.token })).status).toBe(403);
    const up = await upload(anna.appointment.id, await samplePdf('intrus'), 'x.pdf', { token: pere.token });
    expect(up.status).toBe(404);
  });

  it('a document cannot be fetched without a token or session, or with a forged one', async () => {
    expect((await api(t.url, `/api/documents/${annaDoc}/content`)).status).toBe(401);
    expect((await api(t.url, `/api/documents/${annaDoc}/content`, { token: 'A'.repeat(43) })).status).toBe(401);
    expect((await api(t.url, `/api/documents/${annaDoc}/content`, { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    expect((await api(t.url, `/api/documents/${annaDoc}/content`, { cookie: 'oac_session=' + 'B'.repeat(43) })).status).toBe(401);
  });

  it('staff of another office cannot read or stamp, and a citizen cannot stamp', async () => {
    const housingClerk = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
    expect((await api(t.url, `/api/documents/${annaDoc}/content`, { cookie: housingClerk })).status).toBe(404);
    expect((await api(t.url, `/api/appointments/${anna.appointment.id}/documents`, { cookie: housingClerk })).status).toBe(403);
    expect((await api(t.url, `/api/documents/${annaDoc}/stamp`, { method: 'POST', cookie: housingClerk })).status).toBe(404);
    const byCitizen = await api(t.url, `/api/documents/${annaDoc}/stamp`, { method: 'POST', token: anna.token });
    expect(byCitizen.status).toBe(403);
    const scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
    expect((await api(t.url, `/api/documents/${annaDoc}/content`, { cookie: scheduler })).status).toBe(404);
    // The right clerk can.
    expect((await api(t.url, `/api/documents/${annaDoc}/content`, { cookie: clerk })).status).toBe(200);
    // And the housing office's own appointment is theirs, not the OAC clerk's.
    expect((await api(t.url, `/api/appointments/${housing.appointment.id}/documents`, { cookie: clerk })).status).toBe(403);
    expect((await api(t.url, `/api/appointments/${housing.appointment.id}/documents`, { cookie: housingClerk })).status).toBe(200);
  });

  it("an admin reads any office's documents but uploads into no appointment and stamps nothing", async () => {
    const admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
    expect((await api(t.url, `/api/appointments/${housing.appointment.id}/documents`, { cookie: admin })).status).toBe(200);
    expect((await api(t.url, `/api/documents/${annaDoc}/content`, { cookie: admin })).status).toBe(200);
    const before = await t.db('documents').count<{ count: number }[]>({ count: '*' }).first();
    for (const appt of [anna, housing]) {
      const up = await upload(appt.appointment.id, await samplePdf('admin'), 'admin.pdf', { cookie: admin });
      expect(up.status).toBe(403);
      expect(up.body.error.code).toBe('forbidden');
    }
    expect((await api(t.url, `/api/documents/${annaDoc}/stamp`, { method: 'POST', cookie: admin })).status).toBe(403);
    // Nor any other of the office's work on documents.
    const box = { page: 0, x: 0.5, y: 0.7, width: 0.3, height: 0.1 };
    const tries = [
      api(t.url, `/api/documents/${annaDoc}/seal`, { method: 'POST', cookie: admin }),
      api(t.url, `/api/documents/${annaDoc}/signature-request`, { json: { box }, cookie: admin }),
      api(t.url, `/api/documents/${annaDoc}`, { method: 'DELETE', json: { reason: 'admin tries' }, cookie: admin }),
      api(t.url, `/api/appointments/${anna.appointment.id}/documents/prepare`, { json: { template: 'receipt', text: 'x' }, cookie: admin }),
      api(t.url, `/api/appointments/${anna.appointment.id}/checklist/0`, { json: { done: true }, cookie: admin }),
    ];
    expect((await Promise.all(tries)).map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    // The same work, by a clerk of another office, does not even find the appointment's documents.
    const housingClerk = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
    const foreign = [
      api(t.url, `/api/documents/${annaDoc}/seal`, { method: 'POST', cookie: housingClerk }),
      api(t.url, `/api/documents/${annaDoc}/signature-request`, { json: { box }, cookie: housingClerk }),
      api(t.url, `/api/documents/${annaDoc}`, { method: 'DELETE', json: { reason: 'not mine' }, cookie: housingClerk }),
    ];
    expect((await Promise.all(foreign)).map((r) => r.status)).toEqual([404, 404, 404]);
    expect(
      (await api(t.url, `/api/appointments/${anna.appointment.id}/checklist/0`, { json: { done: true }, cookie: housingClerk })).status,
    ).toBe(403);
    // And a citizen ticks nothing, theirs or another's (a staff route).
    expect(
      (await api(t.url, `/api/appointments/${anna.appointment.id}/checklist/0`, { json: { done: true }, token: pere.token })).status,
    ).toBe(403);
    const after = await t.db('documents').count<{ count: number }[]>({ count: '*' }).first();
    expect(after?.count).toBe(before?.count);
    expect(await t.db('document_checklist').where({ appointment_id: anna.appointment.id }).count('* as n').first()).toMatchObject({ n: 0 });
    expect(await t.db('documents').where({ id: annaDoc }).first('deleted_at')).toMatchObject({ deleted_at: null });
  });
});
