import { AppError, isClosed, type DocumentInfo, type Principal } from '@oac/shared';
import { EventEmitter } from 'node:events';
import { assertAppointmentAccess, canAccessAppointment, type AppointmentAction } from '../appointments/access';
import type { AppointmentRepository, AppointmentRow } from '../appointments/repository';
import { actorOf, recordAudit, type Actor } from '../audit/audit';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { logger } from '../logger';
import type { ObjectStore } from '../storage/object-store';
import type { StoredFile } from './s3-storage-engine';
import { cleanFilename } from './sniff';
import { toDocumentInfo, type DocumentRepository, type DocumentView, type NewDocument } from './repository';

const log = logger('documents');

export type DocumentEvents = {
  /** A version was added, or one changed (deleted, asked to be signed): the parties' lists update. */
  added: [DocumentInfo];
};

export interface DocumentLimits {
  /** Live documents (lines of versions) one appointment may hold. */
  maxFilesPerAppointment: number;
  /** Bytes of every live version of one appointment's documents together. */
  maxBytesPerAppointment: number;
}

/** What the upload-time check found in a file; a file it refuses never gets a row. */
export interface Inspection {
  pages?: number | null;
  flags?: DocumentInfo['flags'];
}
export type Inspector = (file: StoredFile) => Promise<Inspection>;

export type DocumentAuditAction =
  | 'document.uploaded'
  | 'document.viewed'
  | 'document.downloaded'
  | 'document.prepared'
  | 'document.stamped'
  | 'document.signature_requested'
  | 'document.signed'
  | 'document.sealed'
  | 'document.deleted'
  | 'document.expired'
  | 'document.verified'
  | 'document.verified_download';

export function auditDocument(
  runner: Db,
  actor: Actor,
  doc: Pick<DocumentView, 'id' | 'appointment_id' | 'ticket_id' | 'sha256' | 'size_bytes' | 'kind' | 'version' | 'source_id'>,
  action: DocumentAuditAction,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return recordAudit(runner, {
    actor,
    entity: 'document',
    entityId: doc.id,
    action,
    to: doc.kind,
    details: {
      appointmentId: doc.appointment_id,
      ticketId: doc.ticket_id,
      sha256: doc.sha256,
      sizeBytes: Number(doc.size_bytes),
      version: doc.version,
      sourceId: doc.source_id,
      ...extra,
    },
  });
}

/**
 * An appointment's documents: who may see and send them, the limits, the record of every upload,
 * view and download, and deletion with its tombstones. Making new versions (prepare, stamp, sign,
 * seal) is the issuer's (`issuing.ts`), on top of this.
 */
export class DocumentService extends EventEmitter<DocumentEvents> {
  constructor(
    readonly db: Db,
    readonly repo: DocumentRepository,
    readonly appointments: AppointmentRepository,
    readonly store: ObjectStore,
    private readonly limits: DocumentLimits,
    private readonly inspect: Inspector | null = null,
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

  /** Refuses an upload that could not fit before a byte of it is read; `declaredBytes` is the request's length. */
  async assertRoom(appt: AppointmentRow, declaredBytes: number): Promise<void> {
    // The multipart framing around the file is not the file's.
    this.checkLimits(await this.repo.usage(appt.id), Math.max(0, declaredBytes - 64 * 1024));
  }

  /** Whether one more file of `addingBytes` fits the appointment's limits. */
  private checkLimits(usage: { files: number; bytes: number }, addingBytes: number): void {
    if (usage.files + 1 > this.limits.maxFilesPerAppointment) {
      throw new AppError('document_limit_files', 'This appointment holds as many documents as it can.', {
        maxFiles: this.limits.maxFilesPerAppointment,
      });
    }
    if (usage.bytes + addingBytes > this.limits.maxBytesPerAppointment) {
      throw new AppError('document_limit_bytes', "This appointment's documents would pass their total size limit.", {
        maxBytes: this.limits.maxBytesPerAppointment,
        usedBytes: usage.bytes,
      });
    }
  }

  async list(principal: Principal | null, appointmentId: string): Promise<DocumentInfo[]> {
    await this.assertAppointment(principal, appointmentId, 'read_documents');
    return (await this.repo.listForAppointment(appointmentId)).map(toDocumentInfo);
  }

  /**
   * Records a file that the storage engine has already streamed to S3, after the upload-time check;
   * removes the object if the check refuses it or the row cannot be written, so that no object is
   * ever left without its row.
   */
  async recordUpload(
    principal: Principal,
    appt: AppointmentRow,
    file: StoredFile,
    originalName: string | undefined,
  ): Promise<DocumentInfo> {
    try {
      // Checked as it streamed in, or now, from storage.
      const found = file.inspection ?? (this.inspect ? await this.inspect(file) : {});
      const row = await this.db.transaction(async (trx) => {
        // Uploads to one appointment are counted one at a time, so two can never both slip under a limit.
        await trx('appointments').where({ id: appt.id }).forUpdate().first('id');
        this.checkLimits(await this.repo.usage(appt.id, trx), file.size);
        const inserted = await this.repo.insert(
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
            reason: null,
            flags: found.flags ?? [],
            pages: found.pages ?? null,
          },
          trx,
        );
        await auditDocument(trx, actorOf(principal), inserted, 'document.uploaded', { flags: inserted.flags });
        return inserted;
      });
      return this.announce(row);
    } catch (err) {
      await this.store
        .delete(file.key)
        .catch((e: unknown) => log.error({ err: e, key: file.key }, 'recordUpload() could not remove a refused object'));
      throw err;
    }
  }

  /** Stores a version made by the office and its audit record together; removes the object if the row fails. */
  async insertVersion(
    actor: Actor,
    doc: NewDocument,
    bytesKey: string,
    action: DocumentAuditAction,
    extra: Record<string, unknown> = {},
    /** More to write with the version, in its transaction (the line's verification code). */
    alongside?: (trx: Knex.Transaction, lineageId: string) => Promise<void>,
  ) {
    try {
      const row = await this.db.transaction(async (trx) => {
        const inserted = await this.repo.insert(doc, trx);
        await auditDocument(trx, actor, inserted, action, extra);
        if (!alongside) return inserted;
        await alongside(trx, inserted.lineage_id);
        return (await this.repo.find(inserted.id, trx))!;
      });
      return this.announce(row);
    } catch (err) {
      await this.store.delete(bytesKey).catch(() => undefined);
      throw err;
    }
  }

  /** A version the caller may read, with its appointment. An outsider is never told the id exists. */
  async openWithScope(principal: Principal | null, documentId: string): Promise<{ doc: DocumentView; appt: AppointmentRow }> {
    const doc = await this.repo.find(documentId);
    const appt = doc && (await this.appointments.find(doc.appointment_id));
    if (
      !doc ||
      !appt ||
      !canAccessAppointment(principal, { id: appt.id, officeId: appt.office_id, clerkId: appt.clerk_id }, 'read_documents')
    )
      throw new AppError('document_not_found', 'That document does not exist.');
    return { doc, appt };
  }

  /** Opens a version's bytes for the caller and records that they viewed or downloaded it. */
  async openContent(principal: Principal | null, documentId: string, disposition: 'inline' | 'attachment') {
    const { doc } = await this.openWithScope(principal, documentId);
    if (!doc.s3_key) throw new AppError('document_deleted', 'This document has been deleted.');
    const content = await this.store.get(doc.s3_key);
    await auditDocument(this.db, actorOf(principal!), doc, disposition === 'inline' ? 'document.viewed' : 'document.downloaded');
    return { doc, ...content };
  }

  /**
   * Deletes every version of a document: the rows stay as tombstones with who, when and why, and
   * the objects go from S3. The rows change first, in one transaction with their audit: should S3
   * fail after that, no row points at the object, and the object is removed on a retry of the sweep.
   */
  async delete(principal: Principal, documentId: string, reason: string): Promise<DocumentInfo[]> {
    const { doc, appt } = await this.openWithScope(principal, documentId);
    if (!canAccessAppointment(principal, { id: appt.id, officeId: appt.office_id, clerkId: appt.clerk_id }, 'issue_documents')) {
      throw new AppError('forbidden', 'Only the clerk of this appointment may delete its documents.');
    }
    if (principal.kind !== 'staff') throw new AppError('forbidden', 'Only staff may delete documents.');
    const by = { byKind: 'staff' as const, byStaffId: principal.userId, byName: principal.name, reason };
    const gone = await this.deleteLineage(doc.lineage_id, by, actorOf(principal), 'document.deleted');
    if (gone === 0) throw new AppError('document_deleted', 'This document was already deleted.');
    const versions = await this.repo.listLineage(doc.lineage_id);
    for (const v of versions) this.announce(v);
    return versions.map(toDocumentInfo);
  }

  /** Tombstones a whole line and removes its objects; returns how many versions it deleted. */
  async deleteLineage(
    lineageId: string,
    by: { byKind: 'staff' | 'system'; byStaffId: string | null; byName: string; reason: string },
    actor: Actor,
    action: 'document.deleted' | 'document.expired',
  ): Promise<number> {
    const removed = await this.db.transaction(async (trx) => {
      await this.repo.lockLineage(lineageId, trx);
      const keys = await this.repo.tombstone(
        (await this.repo.listLineage(lineageId, trx)).filter((v) => !v.deleted_at).map((v) => v.id),
        by,
        trx,
      );
      const rows = await this.repo.listLineage(lineageId, trx);
      for (const k of keys) {
        const row = rows.find((r) => r.id === k.id)!;
        await auditDocument(trx, actor, row, action, { reason: by.reason });
      }
      if (keys.length > 0) {
        await trx('storage_deletions')
          .insert(keys.map((k) => ({ s3_key: k.s3_key })))
          .onConflict('s3_key')
          .ignore();
      }
      await trx('signature_requests')
        .whereIn(
          'document_id',
          keys.map((k) => k.id),
        )
        .where({ status: 'pending' })
        .update({ status: 'withdrawn', settled_at: trx.fn.now() });
      return keys;
    });
    // After the commit; a key whose delete fails stays queued, and the sweep removes it later.
    await this.purge(removed.map((k) => k.s3_key));
    return removed.length;
  }

  /**
   * Removes queued objects from S3 and their queue rows. Idempotent (deleting a missing object
   * succeeds in S3), and safe on two nodes at once: each takes the rows it locks, skipping others'.
   */
  async purge(keys?: string[]): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await this.db.transaction(async (trx) => {
        const q = trx('storage_deletions').forUpdate().skipLocked().limit(50).select('s3_key');
        const rows: { s3_key: string }[] = await (keys ? q.whereIn('s3_key', keys) : q);
        for (const { s3_key } of rows) {
          try {
            await this.store.delete(s3_key);
            await trx('storage_deletions').where({ s3_key }).delete();
            done++;
          } catch (err) {
            log.warn({ err, key: s3_key }, 'purge() could not remove an object; the next sweep tries again');
            await trx('storage_deletions').where({ s3_key }).increment('attempts', 1);
          }
        }
        return rows.length;
      });
      if (n < 50 || keys) return done;
    }
  }

  announce(row: DocumentView): DocumentInfo {
    const info = toDocumentInfo(row);
    this.emit('added', info);
    return info;
  }
}
