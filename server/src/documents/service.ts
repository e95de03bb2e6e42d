import { AppError, isClosed, MAX_UPLOAD_BYTES, type DocumentInfo } from '@oac/shared';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { assertAppointmentAccess, canAccessAppointment, type AppointmentAction } from '../appointments/access';
import type { AppointmentRepository, AppointmentRow } from '../appointments/repository';
import { actorOf, recordAudit } from '../audit/audit';
import type { Db } from '../db/knex';
import type { Principal } from '../http/principal';
import type { ObjectStore } from '../storage/object-store';
import type { StoredFile } from './s3-storage-engine';
import { cleanFilename } from './sniff';
import { stampPdf } from './stamp';
import { toDocumentInfo, type DocumentRepository, type DocumentRow, type NewDocument } from './repository';

const allowed = (principal: Principal | null, appt: AppointmentRow, action: AppointmentAction) =>
  canAccessAppointment(principal, { id: appt.id, officeId: appt.office_id, clerkId: appt.clerk_id }, action);

export type DocumentEvents = { added: [DocumentInfo] };

export class DocumentService extends EventEmitter<DocumentEvents> {
  constructor(
    private readonly db: Db,
    private readonly repo: DocumentRepository,
    private readonly appointments: AppointmentRepository,
    private readonly store: ObjectStore,
  ) {
    super();
  }

  /**
   * Loads an appointment and checks the caller may do `action` on it. A citizen sends documents
   * from the moment they book until the appointment closes; reading goes on after it.
   */
  async assertAppointment(principal: Principal | null, appointmentId: string, action: AppointmentAction): Promise<AppointmentRow> {
    const appt = assertAppointmentAccess(principal, await this.appointments.find(appointmentId), action);
    if (action === 'upload_documents' && principal?.kind === 'citizen' && isClosed(appt.status)) {
      throw new AppError('appointment_closed', 'This appointment is over: documents can no longer be sent to it.');
    }
    return appt;
  }

  /** Inserts the row and its audit record together: a document is never without its record. */
  private insert(principal: Principal, doc: NewDocument, action: 'document.uploaded' | 'document.stamped'): Promise<DocumentRow> {
    return this.db.transaction(async (trx) => {
      const row = await this.repo.insert(doc, trx);
      await recordAudit(trx, {
        actor: actorOf(principal),
        entity: 'document',
        entityId: row.id,
        action,
        to: row.kind,
        details: { appointmentId: row.appointment_id, sha256: row.sha256, sizeBytes: row.size_bytes, sourceId: row.source_id },
      });
      return row;
    });
  }

  async list(principal: Principal | null, appointmentId: string): Promise<DocumentInfo[]> {
    await this.assertAppointment(principal, appointmentId, 'read_documents');
    return (await this.repo.listForAppointment(appointmentId)).map(toDocumentInfo);
  }

  /** Records a file that the storage engine has already streamed to S3; removes it if the row cannot be written. */
  async recordUpload(
    principal: Principal,
    appt: AppointmentRow,
    file: StoredFile,
    originalName: string | undefined,
  ): Promise<DocumentInfo> {
    try {
      const row = await this.insert(
        principal,
        {
          appointment_id: appt.id,
          ticket_id: appt.ticket_id,
          kind: 'upload',
          filename: cleanFilename(originalName, file.detectedType),
          content_type: file.detectedType,
          size_bytes: file.size,
          sha256: file.sha256,
          s3_key: file.key,
          uploaded_by_kind: principal.kind,
          uploaded_by_staff_id: principal.kind === 'staff' ? principal.userId : null,
          uploaded_by_name: principal.name,
          source_id: null,
        },
        'document.uploaded',
      );
      return this.announce(row);
    } catch (err) {
      await this.store.delete(file.key).catch(() => undefined);
      throw err;
    }
  }

  async open(principal: Principal | null, documentId: string): Promise<DocumentRow> {
    return (await this.openWithScope(principal, documentId)).doc;
  }

  async stamp(principal: Principal, documentId: string, now = new Date()): Promise<DocumentInfo> {
    const { doc: source, appt } = await this.openWithScope(principal, documentId);
    if (!allowed(principal, appt, 'stamp')) throw new AppError('forbidden', 'This appointment belongs to another office or clerk.');
    if (source.kind !== 'upload' || source.content_type !== 'application/pdf') {
      throw new AppError('document_not_stampable', 'Only an uploaded PDF can be stamped.');
    }
    const bytes = await this.store.getBytes(source.s3_key, MAX_UPLOAD_BYTES);
    const stamped = await stampPdf(bytes, {
      clerkName: principal.name,
      ticketNumber: appt.ticket_number,
      at: now,
      office: appt.office_name_ca,
    });
    const key = `appointments/${appt.id}/${randomUUID()}`;
    await this.store.put(key, stamped, 'application/pdf');
    try {
      const row = await this.insert(
        principal,
        {
          appointment_id: appt.id,
          ticket_id: appt.ticket_id,
          kind: 'stamped',
          filename: source.filename.replace(/(\.pdf)?$/i, '-segellat.pdf'),
          content_type: 'application/pdf',
          size_bytes: stamped.length,
          sha256: createHash('sha256').update(stamped).digest('hex'),
          s3_key: key,
          uploaded_by_kind: 'staff',
          uploaded_by_staff_id: principal.kind === 'staff' ? principal.userId : null,
          uploaded_by_name: principal.name,
          source_id: source.id,
        },
        'document.stamped',
      );
      return this.announce(row);
    } catch (err) {
      await this.store.delete(key).catch(() => undefined);
      throw err;
    }
  }

  private async openWithScope(principal: Principal | null, documentId: string): Promise<{ doc: DocumentRow; appt: AppointmentRow }> {
    const doc = await this.repo.find(documentId);
    const appt = doc && (await this.appointments.find(doc.appointment_id));
    // Never confirm to an outsider that a document id exists.
    if (!doc || !appt || !allowed(principal, appt, 'read_documents'))
      throw new AppError('document_not_found', 'That document does not exist.');
    return { doc, appt };
  }

  private announce(row: DocumentRow): DocumentInfo {
    const info = toDocumentInfo(row);
    this.emit('added', info);
    return info;
  }
}
