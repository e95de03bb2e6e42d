import {
  AppError,
  type DocumentInfo,
  type Language,
  type PageBox,
  type Principal,
  type SignDocumentRequest,
  type TemplateName,
} from '@oac/shared';
import { createHash, randomUUID } from 'node:crypto';
import { canAccessAppointment } from '../appointments/access';
import type { AppointmentRow } from '../appointments/repository';
import { actorOf, recordAudit } from '../audit/audit';
import type { DocumentView } from './repository';
import type { DocumentService } from './service';
import { localDateTime, texts, versionFilename } from './texts';
import type { PrepareInput } from './templates';
import type { VerificationCodes } from './verification';

/**
 * What turns bytes into bytes: run outside the request's event loop (the processing pool), each
 * with its limits. Every operation after a first signature is an incremental update.
 */
export interface DocumentEngine {
  /** A PNG or JPEG as a one-page PDF, so it can be stamped and sealed. */
  imageToPdf(input: { bytes: Uint8Array; contentType: 'image/png' | 'image/jpeg' }): Promise<Uint8Array>;
  /** The stamp's lines, and the verification code with its QR code, on every page. */
  stamp(input: { bytes: Uint8Array; lines: string[]; code: string; verifyUrl: string; language: Language }): Promise<Uint8Array>;
  /** The citizen's signature picture at the box, signed on their behalf. */
  sign(input: {
    bytes: Uint8Array;
    png: Uint8Array;
    box: PageBox;
    signerName: string;
    signedAt: string;
    ip: string;
    language: Language;
  }): Promise<Uint8Array>;
  /** The office's PAdES seal. */
  seal(input: { bytes: Uint8Array; reason: string; location: string; name: string }): Promise<Uint8Array>;
  /** A new document from a template, with its code and QR code. */
  prepare(input: PrepareInput): Promise<Uint8Array>;
  /** Page count of a PDF, under the engine's page limit. */
  pages(input: { bytes: Uint8Array }): Promise<number>;
}

export interface IssuerOptions {
  engine: DocumentEngine;
  codes: VerificationCodes;
  /** Where /verify is served, for the QR code: the public origin (known once the server listens). */
  verifyBase: () => string;
  /** Largest document the engine is given whole. */
  maxProcessBytes: number;
  clock?: () => Date;
}

/**
 * The office's work on documents: prepare one from a template, stamp, ask for and take the
 * citizen's signature, seal. Each makes a new version of the line's latest one and never
 * overwrites; each is in the citizen's language and recorded in the audit trail.
 */
export class DocumentIssuer {
  constructor(
    private readonly docs: DocumentService,
    private readonly o: IssuerOptions,
  ) {}

  private now(): Date {
    return this.o.clock?.() ?? new Date();
  }

  private verifyUrl(code: string): string {
    return `${this.o.verifyBase()}/verify?code=${encodeURIComponent(code)}`;
  }

  /** The latest live version of the document's line, and its appointment, for a clerk who may issue there. */
  private async latestFor(principal: Principal, documentId: string): Promise<{ doc: DocumentView; appt: AppointmentRow }> {
    const { doc, appt } = await this.docs.openWithScope(principal, documentId);
    if (!canAccessAppointment(principal, { id: appt.id, officeId: appt.office_id, clerkId: appt.clerk_id }, 'issue_documents')) {
      throw new AppError('forbidden', 'Only the clerk of this appointment may work on its documents.');
    }
    const latest = await this.docs.repo.latest(doc.lineage_id);
    if (!latest) throw new AppError('document_deleted', 'This document has been deleted.');
    return { doc: latest, appt };
  }

  private async bytesOf(doc: DocumentView): Promise<Uint8Array> {
    if (!doc.s3_key) throw new AppError('document_deleted', 'This document has been deleted.');
    return this.docs.store.getBytes(doc.s3_key, this.o.maxProcessBytes);
  }

  /** The version as a PDF, with the verification code printed once: what every issued version starts from. */
  private async issuable(
    doc: DocumentView,
    appt: AppointmentRow,
    lines: string[],
  ): Promise<{ pdf: Uint8Array; code: string; printed: boolean }> {
    if (doc.content_type === 'image/heic')
      throw new AppError('document_not_stampable', 'A HEIC photo cannot be stamped; ask for a PDF, JPEG or PNG.');
    let pdf = await this.bytesOf(doc);
    if (doc.content_type !== 'application/pdf') pdf = await this.o.engine.imageToPdf({ bytes: pdf, contentType: doc.content_type });
    const existing = doc.verification_code;
    const code = existing ?? (await this.o.codes.reserve());
    if (existing && lines.length === 0) return { pdf, code, printed: false };
    const stamped = await this.o.engine.stamp({
      bytes: pdf,
      lines,
      code,
      verifyUrl: this.verifyUrl(code),
      language: appt.language,
    });
    return { pdf: stamped, code, printed: true };
  }

  private async store(
    principal: Principal,
    appt: AppointmentRow,
    source: DocumentView | null,
    bytes: Uint8Array,
    fields: {
      kind: DocumentInfo['kind'];
      filename: string;
      reason: string;
      code: string | null;
      signer?: { name: string; at: Date; from: string | null };
    },
    action: 'document.prepared' | 'document.stamped' | 'document.signed' | 'document.sealed',
  ): Promise<DocumentInfo> {
    const key = `appointments/${appt.id}/${randomUUID()}`;
    await this.docs.store.put(key, Buffer.from(bytes), 'application/pdf');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const code = fields.code;
    return this.docs.insertVersion(
      actorOf(principal),
      {
        appointment_id: appt.id,
        ticket_id: appt.ticket_id,
        kind: fields.kind,
        filename: fields.filename,
        content_type: 'application/pdf',
        size_bytes: bytes.length,
        sha256,
        s3_key: key,
        uploaded_by_kind: principal.kind,
        uploaded_by_staff_id: principal.kind === 'staff' ? principal.userId : null,
        uploaded_by_name: principal.name,
        source_id: source?.id ?? null,
        reason: fields.reason,
        pages: null,
        signer_name: fields.signer?.name ?? null,
        signed_at: fields.signer?.at ?? null,
        signed_from: fields.signer?.from ?? null,
      },
      key,
      action,
      fields.signer ? { signerName: fields.signer.name, signedFrom: fields.signer.from } : {},
      // The line's code, in the version's own transaction: announced once, never without it.
      code ? (trx, lineageId) => this.o.codes.attach(code, lineageId, trx) : undefined,
    );
  }

  async prepare(
    principal: Principal,
    appointmentId: string,
    req: { template: TemplateName; text: string; amount?: number },
  ): Promise<DocumentInfo> {
    const appt = await this.docs.assertAppointment(principal, appointmentId, 'issue_documents');
    if (appt.status === 'cancelled') throw new AppError('appointment_closed', 'This appointment was cancelled.');
    const t = texts(appt.language);
    const tpl = t.template[req.template];
    const name = appt[`service_name_${appt.language}`];
    const office = appt[`office_name_${appt.language}`];
    const code = await this.o.codes.reserve();
    const rows: [string, string][] = [
      [t.fields.citizen, appt.citizen_name],
      [t.fields.procedure, name],
      [t.fields.ticket, appt.ticket_number],
      [t.fields.date, localDateTime(this.now(), appt.language)],
      [t.fields.office, office],
      [t.fields.clerk, principal.name],
    ];
    if (req.template === 'receipt' && req.amount !== undefined) {
      rows.push([
        t.fields.amount,
        new Intl.NumberFormat(appt.language === 'en' ? 'en-GB' : `${appt.language}-ES`, { style: 'currency', currency: 'EUR' }).format(
          req.amount,
        ),
      ]);
    }
    const bytes = await this.o.engine.prepare({
      template: req.template,
      title: tpl.title,
      rows,
      intro: tpl.intro,
      text: req.text,
      code,
      verifyUrl: this.verifyUrl(code),
      footer: [t.code(code), t.verifyAt(`${this.o.verifyBase()}/verify`)],
    });
    return this.store(
      principal,
      appt,
      null,
      bytes,
      { kind: 'prepared', filename: `${tpl.file}-${appt.ticket_number}.pdf`, reason: tpl.title, code },
      'document.prepared',
    );
  }

  async stamp(principal: Principal, documentId: string): Promise<DocumentInfo> {
    const { doc, appt } = await this.latestFor(principal, documentId);
    const t = texts(appt.language);
    const lines = [
      t.stampedBy(principal.name),
      t.office(appt[`office_name_${appt.language}`]),
      `${t.ticket(appt.ticket_number)} · ${localDateTime(this.now(), appt.language)}`,
    ];
    const { pdf, code } = await this.issuable(doc, appt, lines);
    return this.store(
      principal,
      appt,
      doc,
      pdf,
      { kind: 'stamped', filename: versionFilename(doc.filename, t.suffix.stamped), reason: lines[0]!, code },
      'document.stamped',
    );
  }

  async seal(principal: Principal, documentId: string): Promise<DocumentInfo> {
    const { doc, appt } = await this.latestFor(principal, documentId);
    if (doc.kind === 'sealed') throw new AppError('document_already_sealed', 'This version already carries the office seal.');
    const t = texts(appt.language);
    // A line that never carried the code gets it printed first, then sealed, in one version.
    const { pdf, code } = await this.issuable(doc, appt, doc.verification_code ? [] : [t.office(appt[`office_name_${appt.language}`])]);
    const sealed = await this.o.engine.seal({
      bytes: pdf,
      reason: t.sealReason,
      location: appt.office_address || appt[`office_name_${appt.language}`],
      name: appt[`office_name_${appt.language}`],
    });
    return this.store(
      principal,
      appt,
      doc,
      sealed,
      { kind: 'sealed', filename: versionFilename(doc.filename, t.suffix.sealed), reason: t.sealReason, code },
      'document.sealed',
    );
  }

  async requestSignature(principal: Principal, documentId: string, box: PageBox): Promise<DocumentInfo> {
    const { doc, appt } = await this.latestFor(principal, documentId);
    if (doc.content_type !== 'application/pdf')
      throw new AppError('document_not_signable', 'Only a PDF can be signed; stamp the image first to make one.');
    const pages = doc.pages ?? (await this.o.engine.pages({ bytes: await this.bytesOf(doc) }));
    if (box.page >= pages)
      throw new AppError('validation_error', `The document has ${pages} pages.`, [{ path: 'box.page', code: 'too_big' }]);
    if (principal.kind !== 'staff') throw new AppError('forbidden', 'Only staff may ask for a signature.');
    await this.docs.db.transaction(async (trx) => {
      await trx('signature_requests')
        .where({ document_id: doc.id, status: 'pending' })
        .update({ status: 'withdrawn', settled_at: trx.fn.now() });
      await trx('signature_requests').insert({ document_id: doc.id, box: JSON.stringify(box), requested_by_staff_id: principal.userId });
      await recordAudit(trx, {
        actor: actorOf(principal),
        entity: 'document',
        entityId: doc.id,
        action: 'document.signature_requested',
        details: { appointmentId: appt.id, box },
      });
    });
    return this.docs.announce((await this.docs.repo.find(doc.id))!);
  }

  /** The citizen signs the version the clerk asked about, at its box; the signed version records who, when and from where. */
  async sign(principal: Principal, documentId: string, req: SignDocumentRequest, from: string | null): Promise<DocumentInfo> {
    const { doc, appt } = await this.docs.openWithScope(principal, documentId);
    if (
      !canAccessAppointment(principal, { id: appt.id, officeId: appt.office_id, clerkId: appt.clerk_id }, 'sign') ||
      principal.kind !== 'citizen'
    ) {
      throw new AppError('forbidden', 'Only the citizen of this appointment signs its documents.');
    }
    if (doc.deleted_at) throw new AppError('document_deleted', 'This document has been deleted.');
    if (!doc.request_id || !doc.request_box)
      throw new AppError('signature_request_not_found', 'Nothing is waiting for your signature in this document.');
    const png = Buffer.from(req.image.slice(req.image.indexOf(',') + 1), 'base64');
    const t = texts(appt.language);
    const at = this.now();
    const signed = await this.o.engine.sign({
      bytes: await this.bytesOf(doc),
      png,
      box: doc.request_box,
      signerName: appt.citizen_name,
      signedAt: at.toISOString(),
      ip: from ?? 'unknown',
      language: appt.language,
    });
    const info = await this.store(
      principal,
      appt,
      doc,
      signed,
      {
        kind: 'signed',
        filename: versionFilename(doc.filename, t.suffix.signed),
        reason: t.signatureReason,
        code: null,
        signer: { name: appt.citizen_name, at, from },
      },
      'document.signed',
    );
    await this.docs
      .db('signature_requests')
      .where({ id: doc.request_id, status: 'pending' })
      .update({ status: 'signed', settled_at: this.docs.db.fn.now(), signed_document_id: info.id });
    // The version asked about no longer waits for a signature: both sides' lists drop the request.
    this.docs.announce((await this.docs.repo.find(doc.id))!);
    return info;
  }
}
