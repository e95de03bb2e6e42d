import { AppError, MAX_UPLOAD_BYTES, type DocumentInfo } from '@oac/shared';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { canAccessAppointment, type AppointmentAction } from '../access/policy';
import type { Principal } from '../http/principal';
import type { ObjectStore } from '../storage/object-store';
import type { StoredFile } from './s3-storage-engine';
import { cleanFilename } from './sniff';
import { stampPdf } from './stamp';
import { toDocumentInfo, type AppointmentScopeRow, type DocumentRepository, type DocumentRow } from './repository';

const allowed = (principal: Principal | null, appt: AppointmentScopeRow, action: AppointmentAction) =>
  canAccessAppointment(principal, { id: appt.id, officeId: appt.office_id, clerkId: appt.clerk_id }, action);

export type DocumentEvents = { added: [DocumentInfo] };

export class DocumentService extends EventEmitter<DocumentEvents> {
  constructor(
    private readonly repo: DocumentRepository,
    private readonly store: ObjectStore,
  ) {
    super();
  }

  /** Loads an appointment and checks the caller may do `action` on it; the same answer for "absent" and "not yours" to citizens. */
  async assertAppointment(principal: Principal | null, appointmentId: string, action: AppointmentAction): Promise<AppointmentScopeRow> {
    const appt = await this.repo.findAppointmentScope(appointmentId);
    if (!appt || !allowed(principal, appt, action)) {
      if (!appt || principal?.kind === 'citizen') throw new AppError('appointment_not_found', 'That appointment does not exist.');
      throw new AppError('forbidden', 'This appointment belongs to another office or clerk.');
    }
    return appt;
  }

  async list(principal: Principal | null, appointmentId: string): Promise<DocumentInfo[]> {
    await this.assertAppointment(principal, appointmentId, 'read_documents');
    return (await this.repo.listForAppointment(appointmentId)).map(toDocumentInfo);
  }

  /** Records a file that the storage engine has already streamed to S3; removes it if the row cannot be written. */
  async recordUpload(
    principal: Principal,
    appt: AppointmentScopeRow,
    file: StoredFile,
    originalName: string | undefined,
  ): Promise<DocumentInfo> {
    try {
      const row = await this.repo.insert({
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
      });
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
      office: appt.office_name,
    });
    const key = `appointments/${appt.id}/${randomUUID()}`;
    await this.store.put(key, stamped, 'application/pdf');
    try {
      const row = await this.repo.insert({
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
      });
      return this.announce(row);
    } catch (err) {
      await this.store.delete(key).catch(() => undefined);
      throw err;
    }
  }

  private async openWithScope(principal: Principal | null, documentId: string): Promise<{ doc: DocumentRow; appt: AppointmentScopeRow }> {
    const doc = await this.repo.find(documentId);
    const appt = doc && (await this.repo.findAppointmentScope(doc.appointment_id));
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
