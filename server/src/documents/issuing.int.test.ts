import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO,
  api,
  book,
  bookFor,
  catalogue,
  login,
  makeSlot,
  nssDbTrusting,
  pageText,
  pdfsigReport,
  qpdfCheck,
  qrCodeOnPage,
  signatureContents,
  signaturePng,
  startTestServer,
  startTestTsa,
  type TestServer,
} from '@oac/tests/support';

import { expireDocuments } from './retention';

let t: TestServer;
let anna: Awaited<ReturnType<typeof bookFor>>;
let pere: Awaited<ReturnType<typeof bookFor>>;
let clerk: string;
let nss: string;
const pkiRoot = mkdtempSync(path.join(os.tmpdir(), 'oac-pki-'));
const pki = path.join(pkiRoot, 'pki');

async function samplePdf(pages: number, text = 'Sol·licitud'): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawText(`${text} ${i + 1}`, { x: 72, y: 760, size: 14, font });
  return pdf.save();
}

async function upload(appointmentId: string, bytes: Uint8Array, filename: string, auth: { token?: string; cookie?: string }) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), filename);
  return api(t.url, `/api/appointments/${appointmentId}/documents`, { method: 'POST', body: form, ...auth });
}

async function bytesOf(id: string, auth: { token?: string; cookie?: string }): Promise<Buffer> {
  const headers: Record<string, string> = auth.token ? { authorization: `Bearer ${auth.token}` } : { cookie: auth.cookie! };
  const res = await fetch(`${t.url}/api/documents/${id}/content`, { headers });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** Another citizen of the OAC's padró, at a slot of its own. */
async function citizen(name: string, minutes: number) {
  const ids = await catalogue(t.db);
  const slot = await makeSlot(t.db, ids.office('oac-ciutat-vella'), minutes, null, ids.service('PADRO'));
  return book(t.url, slot, ids.service('PADRO'), name, `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`);
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const png = () => `data:image/png;base64,${Buffer.from(signaturePng()).toString('base64')}`;

beforeAll(async () => {
  t = await startTestServer({
    env: {
      DEV_PKI_DIR: pki,
      VERIFY_INVALID_PER_HOUR: '5',
      DOCUMENT_MAX_FILES_PER_APPOINTMENT: '6',
      DOCUMENT_MAX_BYTES_PER_APPOINTMENT: String(3 * 1024 * 1024),
    },
  });
  anna = await bookFor(t, 'anna', 300);
  pere = await bookFor(t, 'pere', 320);
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  nss = nssDbTrusting(readFileSync(path.join(pki, 'ca.pem'), 'utf8'));
}, 120_000);
afterAll(async () => {
  await t?.stop();
  rmSync(pkiRoot, { recursive: true, force: true });
  if (nss) rmSync(nss, { recursive: true, force: true });
});

describe('the life of an issued document', () => {
  let lineage: string;
  let code: string;
  let finalBytes: Buffer;

  it('the citizen signs where the clerk asked, the clerk stamps, the office seals: each a version, every signature valid', async () => {
    const up = await upload(anna.appointment.id, await samplePdf(10), 'sol·licitud.pdf', { token: anna.token });
    expect(up.status).toBe(201);
    lineage = up.body.documentId;
    expect(up.body).toMatchObject({ version: 1, kind: 'upload', documentId: up.body.id, verificationCode: null });

    const box = { page: 0, x: 0.55, y: 0.7, width: 0.35, height: 0.12 };
    const asked = await api(t.url, `/api/documents/${up.body.id}/signature-request`, { json: { box }, cookie: clerk });
    expect(asked.status).toBe(200);
    expect(asked.body.signatureRequest).toMatchObject({ box });

    // Nobody but the appointment's citizen signs.
    expect(
      (await api(t.url, `/api/documents/${up.body.id}/sign`, { json: { method: 'drawn', image: png() }, token: pere.token })).status,
    ).toBe(404);
    expect((await api(t.url, `/api/documents/${up.body.id}/sign`, { json: { method: 'drawn', image: png() }, cookie: clerk })).status).toBe(
      403,
    );
    const signed = await api(t.url, `/api/documents/${up.body.id}/sign`, { json: { method: 'drawn', image: png() }, token: anna.token });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({
      version: 2,
      kind: 'signed',
      documentId: lineage,
      sourceId: up.body.id,
      signature: { signerName: 'Anna Garcia' },
    });
    const row = await t.db('documents').where({ id: signed.body.id }).first('signed_from');
    expect(row.signed_from).toBeTruthy();
    // The request is settled: signing twice finds nothing to sign.
    const again = await api(t.url, `/api/documents/${signed.body.id}/sign`, { json: { method: 'drawn', image: png() }, token: anna.token });
    expect(again.body.error.code).toBe('signature_request_not_found');

    const stamped = await api(t.url, `/api/documents/${up.body.id}/stamp`, { method: 'POST', cookie: clerk });
    expect(stamped.status).toBe(201);
    expect(stamped.body).toMatchObject({ version: 3, kind: 'stamped', sourceId: signed.body.id });
    code = stamped.body.verificationCode;
    expect(code).toMatch(/^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$/);

    const sealed = await api(t.url, `/api/documents/${stamped.body.id}/seal`, { method: 'POST', cookie: clerk });
    expect(sealed.status).toBe(201);
    expect(sealed.body).toMatchObject({ version: 4, kind: 'sealed', verificationCode: code });
    expect((await api(t.url, `/api/documents/${sealed.body.id}/seal`, { method: 'POST', cookie: clerk })).body.error.code).toBe(
      'document_already_sealed',
    );

    finalBytes = await bytesOf(sealed.body.id, { token: anna.token });
    expect(sha(finalBytes)).toBe(sealed.body.sha256);
    const report = await pdfsigReport(finalBytes, { nssDir: nss });
    expect(report.signatures).toHaveLength(2);
    expect(report.signatures.every((s) => s.valid && s.trusted)).toBe(true);
    expect(report.signatures.map((s) => s.totalDocumentSigned)).toEqual([false, true]);
    expect((await qpdfCheck(finalBytes)).ok).toBe(true);
    // Each version is its source plus an incremental update.
    const v = await Promise.all([up.body.id, signed.body.id, stamped.body.id].map((id) => bytesOf(id, { cookie: clerk })));
    for (const [i, next] of [v[1], v[2], finalBytes].entries()) expect(next!.subarray(0, v[i]!.length).equals(v[i]!)).toBe(true);
    // The code and its QR code on every page, in the citizen's language.
    for (const page of [1, 10]) {
      expect(await pageText(finalBytes, page)).toContain(code);
      expect(await qrCodeOnPage(finalBytes, page)).toContain(encodeURIComponent(code));
    }
    expect(await pageText(finalBytes, 1)).toContain('Segellat per Marta Puig i Soler');
  }, 120_000);

  it('lists every version together, and records each step in the audit trail', async () => {
    const list = await api(t.url, `/api/appointments/${anna.appointment.id}/documents`, { token: anna.token });
    const line = list.body.filter((d: { documentId: string }) => d.documentId === lineage);
    expect(line.map((d: { version: number; kind: string }) => `${d.version}:${d.kind}`)).toEqual([
      '1:upload',
      '2:signed',
      '3:stamped',
      '4:sealed',
    ]);
    const ids = line.map((d: { id: string }) => d.id);
    const actions = (await t.db('audit_events').whereIn('entity_id', ids).orderBy('id').pluck('action')) as string[];
    for (const a of [
      'document.uploaded',
      'document.signature_requested',
      'document.signed',
      'document.stamped',
      'document.sealed',
      'document.downloaded',
    ]) {
      expect(actions).toContain(a);
    }
  });

  it('/verify shows what the office issued under the code, and gives the document only with it', async () => {
    const res = await api(t.url, `/api/verify/${code.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code,
      ticketNumber: anna.appointment.ticketNumber,
      sha256: sha(finalBytes),
      sealed: true,
      deleted: false,
      issuer: 'Marta Puig i Soler',
    });
    expect(res.body.versions.map((v: { kind: string }) => v.kind)).toEqual(['signed', 'stamped', 'sealed']);
    const content = await fetch(`${t.url}/api/verify/${code}/content`);
    expect(content.status).toBe(200);
    expect(sha(Buffer.from(await content.arrayBuffer()))).toBe(sha(finalBytes));
  });

  it('refuses guessed codes, and an address that guesses too often is refused even the right one', async () => {
    const wrong = await api(t.url, '/api/verify/AAAA-BBBB-CCCC-DDDD');
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('verification_code_unknown');
    expect((await api(t.url, '/api/verify/not-a-code')).status).toBe(400);
    for (let i = 0; i < 5; i++) await api(t.url, `/api/verify/ZZZZ-ZZZZ-ZZZZ-${String(1000 + i).replace(/[01]/g, '2')}`);
    const blocked = await api(t.url, `/api/verify/${code}`);
    expect(blocked.status).toBe(429);
    expect((await fetch(`${t.url}/api/verify/${code}/content`)).status).toBe(429);
    await t.db('rate_limit_hits').where({ bucket: 'verify_invalid' }).delete();
  });

  it('deletes a document with a reason: tombstones and audit stay, the objects go, and /verify says so', async () => {
    const keys = await t.db('documents').where({ lineage_id: lineage }).pluck('s3_key');
    const byCitizen = await api(t.url, `/api/documents/${lineage}`, {
      method: 'DELETE',
      json: { reason: 'wrong file' },
      token: anna.token,
    });
    expect(byCitizen.status).toBe(403);
    const admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
    expect(
      (await api(t.url, `/api/documents/${lineage}`, { method: 'DELETE', json: { reason: 'wrong file' }, cookie: admin })).status,
    ).toBe(403);
    const noReason = await api(t.url, `/api/documents/${lineage}`, { method: 'DELETE', json: { reason: '' }, cookie: clerk });
    expect(noReason.status).toBe(400);
    const del = await api(t.url, `/api/documents/${lineage}`, { method: 'DELETE', json: { reason: 'Sent by mistake' }, cookie: clerk });
    expect(del.status).toBe(200);
    expect(del.body).toHaveLength(4);
    expect(del.body.every((d: { deleted: { reason: string } | null }) => d.deleted?.reason === 'Sent by mistake')).toBe(true);
    for (const key of keys) await expect(t.server.store.getBytes(key, 1 << 30)).rejects.toMatchObject({ code: 'document_not_found' });
    expect(await t.db('storage_deletions').whereIn('s3_key', keys).count('* as n').first()).toMatchObject({ n: 0 });
    const content = await api(t.url, `/api/documents/${lineage}/content`, { token: anna.token });
    expect(content.body.error.code).toBe('document_deleted');
    expect(
      (await api(t.url, `/api/documents/${lineage}`, { method: 'DELETE', json: { reason: 'again' }, cookie: clerk })).body.error.code,
    ).toBe('document_deleted');
    expect((await api(t.url, `/api/verify/${code}`)).body).toMatchObject({ deleted: true });
    expect((await fetch(`${t.url}/api/verify/${code}/content`)).status).toBe(410);
    expect(await t.db('audit_events').where({ entity_id: lineage, action: 'document.deleted' }).count('* as n').first()).toMatchObject({
      n: 1,
    });
  });
});

describe('the seal with a timestamp authority', () => {
  it('is PAdES B-T when SEAL_TSA_URL is set: the signature carries the authority’s token', async () => {
    const tsa = await startTestTsa();
    const node = await t.sibling({ SEAL_TSA_URL: tsa.url, DEV_PKI_DIR: pki });
    try {
      const up = await upload(pere.appointment.id, await samplePdf(2), 'b-t.pdf', { token: pere.token });
      const sealed = await api(node.url, `/api/documents/${up.body.id}/seal`, { method: 'POST', cookie: clerk });
      expect(sealed.status).toBe(201);
      expect(tsa.replies).toBe(1);
      const bytes = await bytesOf(sealed.body.id, { cookie: clerk });
      const [cms] = signatureContents(bytes);
      // id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14), as an unsigned attribute of the signer.
      expect(Buffer.from(cms!).includes(Buffer.from('060b2a864886f70d010910020e', 'hex'))).toBe(true);
      const report = await pdfsigReport(bytes, { nssDir: nss });
      expect(report.signatures.map((x) => x.valid)).toEqual([true]);
    } finally {
      await node.stop();
      await tsa.stop();
    }
  }, 60_000);
});

describe('preparing from a template', () => {
  it("fills a certificate with the ticket's data in the citizen's language, with its code", async () => {
    const res = await api(t.url, `/api/appointments/${pere.appointment.id}/documents/prepare`, {
      json: { template: 'certificate', text: 'Que consta empadronat al municipi.' },
      cookie: clerk,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'prepared', version: 1, filename: `certificat-${pere.appointment.ticketNumber}.pdf` });
    const bytes = await bytesOf(res.body.id, { token: pere.token });
    const text = await pageText(bytes, 1);
    for (const s of ['Certificat', 'Pere', pere.appointment.ticketNumber, 'Que consta empadronat', res.body.verificationCode])
      expect(text).toContain(s);
    expect((await qpdfCheck(bytes)).ok).toBe(true);
    const form = await api(t.url, `/api/appointments/${pere.appointment.id}/documents/prepare`, {
      json: { template: 'request_form', text: 'Canvi de domicili' },
      cookie: clerk,
    });
    expect(form.status).toBe(201);
    const doc = await PDFDocument.load(await bytesOf(form.body.id, { cookie: clerk }));
    expect(doc.getForm().getFields().length).toBeGreaterThan(3);
    // A citizen prepares nothing.
    expect(
      (
        await api(t.url, `/api/appointments/${pere.appointment.id}/documents/prepare`, {
          json: { template: 'receipt', text: 'x' },
          token: pere.token,
        })
      ).status,
    ).toBe(403);
  }, 60_000);
});

describe('the checklist', () => {
  it("lists the procedure's documents and lets the clerk tick them, never the citizen", async () => {
    const list = await api(t.url, `/api/appointments/${pere.appointment.id}/checklist`, { token: pere.token });
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThan(0);
    expect(list.body[0]).toMatchObject({ index: 0, done: false });
    expect(
      (await api(t.url, `/api/appointments/${pere.appointment.id}/checklist/0`, { json: { done: true }, token: pere.token })).status,
    ).toBe(403);
    const ticked = await api(t.url, `/api/appointments/${pere.appointment.id}/checklist/0`, { json: { done: true }, cookie: clerk });
    expect(ticked.body[0]).toMatchObject({ done: true, checkedBy: 'Marta Puig i Soler' });
    expect(
      (await api(t.url, `/api/appointments/${pere.appointment.id}/checklist/29`, { json: { done: true }, cookie: clerk })).status,
    ).toBe(404);
    const other = (await api(t.url, `/api/appointments/${anna.appointment.id}/documents`, { token: anna.token })).body[0].id;
    const foreign = await api(t.url, `/api/appointments/${pere.appointment.id}/checklist/0`, {
      json: { done: true, documentId: other },
      cookie: clerk,
    });
    expect(foreign.body.error.code).toBe('document_not_found');
    const unticked = await api(t.url, `/api/appointments/${pere.appointment.id}/checklist/0`, { json: { done: false }, cookie: clerk });
    expect(unticked.body[0].done).toBe(false);
  });
});

describe('limits', () => {
  it('refuses one file too many and one byte too many per appointment, each with its own code', async () => {
    const joan = await citizen('Joan Mas', 360);
    const tiny = await samplePdf(1);
    for (let i = 0; i < 6; i++) expect((await upload(joan.appointment.id, tiny, `${i}.pdf`, { token: joan.token })).status).toBe(201);
    const seventh = await upload(joan.appointment.id, tiny, '7.pdf', { token: joan.token });
    expect(seventh.status).toBe(409);
    expect(seventh.body.error.code).toBe('document_limit_files');
    const other = await citizen('Marc Vidal', 380);
    // A real PDF carrying 2 MB of incompressible bytes in a stream of its own.
    const doc = await PDFDocument.load(await samplePdf(1));
    doc.context.register(doc.context.stream(randomBytes(2 * 1024 * 1024)));
    const big = await doc.save({ useObjectStreams: false });
    expect((await upload(other.appointment.id, big, 'a.pdf', { token: other.token })).status).toBe(201);
    const over = await upload(other.appointment.id, big, 'b.pdf', { token: other.token });
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('document_limit_bytes');
    expect(await t.db('documents').where({ appointment_id: other.appointment.id }).count('* as n').first()).toMatchObject({ n: 1 });
  }, 60_000);
});

describe('retention', () => {
  it('deletes exactly the documents whose keeping time after closure is over, once, even run twice at once', async () => {
    const keep = await citizen('Laia Roca', 400);
    const old = await citizen('Jordi Pons', 420);
    const a = await upload(keep.appointment.id, await samplePdf(1), 'keep.pdf', { token: keep.token });
    const b = await upload(old.appointment.id, await samplePdf(1), 'old.pdf', { token: old.token });
    const days = (
      await t
        .db('services')
        .where({ id: (await t.db('tickets').where({ number: old.appointment.ticketNumber }).first('service_id')).service_id })
        .first('retention_days')
    ).retention_days;
    const now = new Date();
    // One ticket closed long enough ago, one closed just inside its keeping time; the rest stay open.
    for (const [number, ago] of [
      [old.appointment.ticketNumber, days + 1],
      [keep.appointment.ticketNumber, days - 1],
    ] as const) {
      await t
        .db('tickets')
        .where({ number })
        .update({
          status: 'closed',
          closed_at: new Date(now.getTime() - ago * 86_400_000),
          resolved_at: new Date(now.getTime() - ago * 86_400_000),
        });
    }
    const key = (await t.db('documents').where({ id: b.body.id }).first('s3_key')).s3_key;
    const [n1, n2] = await Promise.all([expireDocuments(t.db, t.server.documents, now), expireDocuments(t.db, t.server.documents, now)]);
    expect(n1 + n2).toBe(1);
    expect(await expireDocuments(t.db, t.server.documents, now)).toBe(0);
    expect(await t.db('documents').where({ id: b.body.id }).first('deleted_at', 'delete_reason', 's3_key')).toMatchObject({
      s3_key: null,
      delete_reason: 'retention period ended',
    });
    expect(await t.db('documents').where({ id: a.body.id }).first('deleted_at')).toMatchObject({ deleted_at: null });
    await expect(t.server.store.getBytes(key, 1 << 20)).rejects.toMatchObject({ code: 'document_not_found' });
    expect(await t.db('audit_events').where({ entity_id: b.body.id, action: 'document.expired' }).count('* as n').first()).toMatchObject({
      n: 1,
    });
  });
});
