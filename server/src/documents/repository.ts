import type { DocumentFlag, DocumentInfo, DocumentKind, PageBox, UploadType } from '@oac/shared';
import type { Runner } from '../appointments/repository';
import type { Db } from '../db/knex';
import { randomUUID } from 'node:crypto';

export interface DocumentRow {
  id: string;
  appointment_id: string;
  ticket_id: string;
  lineage_id: string;
  version: number;
  kind: DocumentKind;
  filename: string;
  content_type: UploadType;
  size_bytes: number;
  sha256: string;
  /** Null once deleted: the tombstone keeps the row, never the bytes. */
  s3_key: string | null;
  uploaded_by_kind: 'citizen' | 'staff';
  uploaded_by_staff_id: string | null;
  uploaded_by_name: string;
  source_id: string | null;
  reason: string | null;
  flags: DocumentFlag[];
  pages: number | null;
  signer_name: string | null;
  signed_at: Date | null;
  signed_from: string | null;
  deleted_at: Date | null;
  deleted_by_name: string | null;
  delete_reason: string | null;
  created_at: Date;
}

/** A row with what the list shows beside it: the lineage's code and a pending signature request. */
export interface DocumentView extends DocumentRow {
  verification_code: string | null;
  request_id: string | null;
  request_box: PageBox | null;
  requested_at: Date | null;
}

export type NewDocument = Omit<
  DocumentRow,
  | 'id'
  | 'created_at'
  | 'lineage_id'
  | 'version'
  | 'deleted_at'
  | 'deleted_by_name'
  | 'delete_reason'
  | 'signer_name'
  | 'signed_at'
  | 'signed_from'
  | 'flags'
  | 'pages'
  | 'reason'
> &
  Partial<Pick<DocumentRow, 'signer_name' | 'signed_at' | 'signed_from' | 'flags' | 'pages' | 'reason'>>;

const COLUMNS = [
  'id',
  'appointment_id',
  'ticket_id',
  'lineage_id',
  'version',
  'kind',
  'filename',
  'content_type',
  'size_bytes',
  'sha256',
  's3_key',
  'uploaded_by_kind',
  'uploaded_by_staff_id',
  'uploaded_by_name',
  'source_id',
  'reason',
  'flags',
  'pages',
  'signer_name',
  'signed_at',
  'signed_from',
  'deleted_at',
  'deleted_by_name',
  'delete_reason',
  'created_at',
];

const VIEW_COLUMNS = [
  ...COLUMNS.map((c) => `d.${c}`),
  'c.code as verification_code',
  'r.id as request_id',
  'r.box as request_box',
  'r.requested_at',
];

export function toDocumentInfo(r: DocumentView): DocumentInfo {
  return {
    id: r.id,
    appointmentId: r.appointment_id,
    documentId: r.lineage_id,
    version: r.version,
    kind: r.kind,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    uploadedBy: { kind: r.uploaded_by_kind, name: r.uploaded_by_name },
    sourceId: r.source_id,
    reason: r.reason,
    flags: r.flags,
    pages: r.pages,
    verificationCode: r.verification_code,
    signature: r.signer_name && r.signed_at ? { signerName: r.signer_name, signedAt: r.signed_at.toISOString() } : null,
    signatureRequest:
      r.request_id && r.request_box && r.requested_at && !r.deleted_at
        ? { id: r.request_id, box: r.request_box, requestedAt: r.requested_at.toISOString() }
        : null,
    deleted:
      r.deleted_at && r.deleted_by_name && r.delete_reason
        ? { at: r.deleted_at.toISOString(), byName: r.deleted_by_name, reason: r.delete_reason }
        : null,
    createdAt: r.created_at.toISOString(),
  };
}

export interface Tombstone {
  byKind: 'staff' | 'system';
  byStaffId: string | null;
  byName: string;
  reason: string;
}

export class DocumentRepository {
  constructor(private readonly db: Db) {}

  private view(runner: Runner = this.db) {
    return runner('documents as d')
      .leftJoin('document_codes as c', 'c.lineage_id', 'd.lineage_id')
      .leftJoin('signature_requests as r', function () {
        this.on('r.document_id', 'd.id').andOnVal('r.status', 'pending');
      })
      .select<DocumentView[]>(VIEW_COLUMNS);
  }

  /**
   * A first version is its own lineage; a later one joins its source's lineage with the next
   * number. Two versions made at once from one line: the unique index refuses the second.
   */
  async insert(doc: NewDocument, runner: Runner = this.db): Promise<DocumentView> {
    const id = randomUUID();
    const lineageOf = (sourceId: string) => runner.raw('(SELECT lineage_id FROM documents WHERE id = ?)', [sourceId]);
    await runner('documents').insert({
      ...doc,
      flags: doc.flags ?? [],
      id,
      lineage_id: doc.source_id ? lineageOf(doc.source_id) : id,
      version: doc.source_id
        ? runner.raw('(SELECT max(v.version) + 1 FROM documents v WHERE v.lineage_id = (SELECT lineage_id FROM documents WHERE id = ?))', [
            doc.source_id,
          ])
        : 1,
    });
    return (await this.find(id, runner))!;
  }

  find(id: string, runner: Runner = this.db): Promise<DocumentView | undefined> {
    return this.view(runner).where('d.id', id).first();
  }

  listForAppointment(appointmentId: string): Promise<DocumentView[]> {
    return this.view()
      .where('d.appointment_id', appointmentId)
      .orderBy([{ column: 'd.created_at' }, { column: 'd.version' }]);
  }

  listLineage(lineageId: string, runner: Runner = this.db): Promise<DocumentView[]> {
    return this.view(runner).where('d.lineage_id', lineageId).orderBy('d.version');
  }

  /** The latest live version of a line, or undefined when every version is deleted. */
  async latest(lineageId: string, runner: Runner = this.db): Promise<DocumentView | undefined> {
    return this.view(runner).where('d.lineage_id', lineageId).whereNull('d.deleted_at').orderBy('d.version', 'desc').first();
  }

  /** What an appointment holds, to check the limits: live files and their bytes. */
  async usage(appointmentId: string, runner: Runner = this.db): Promise<{ files: number; bytes: number }> {
    const row = await runner('documents')
      .where({ appointment_id: appointmentId })
      .whereNull('deleted_at')
      .first(runner.raw('count(*)::int AS files'), runner.raw('coalesce(sum(size_bytes), 0)::bigint AS bytes'));
    return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  /** Marks versions deleted and returns their former keys; rows already deleted are left as they are. */
  async tombstone(ids: string[], by: Tombstone, runner: Runner): Promise<{ id: string; s3_key: string }[]> {
    if (ids.length === 0) return [];
    const { rows } = await runner.raw<{ rows: { id: string; s3_key: string }[] }>(
      `UPDATE documents d SET deleted_at = now(), deleted_by_kind = :kind, deleted_by_staff_id = :staff,
         deleted_by_name = :name, delete_reason = :reason, s3_key = NULL
       FROM (SELECT id, s3_key FROM documents WHERE id = ANY(:ids) AND deleted_at IS NULL FOR UPDATE) old
       WHERE d.id = old.id
       RETURNING d.id, old.s3_key`,
      { kind: by.byKind, staff: by.byStaffId, name: by.byName, reason: by.reason, ids },
    );
    return rows;
  }

  /** Locks the live versions of a line, so that a delete and a new version never cross. */
  lockLineage(lineageId: string, runner: Runner): Promise<{ id: string }[]> {
    return runner('documents').where({ lineage_id: lineageId }).whereNull('deleted_at').forUpdate().select('id');
  }
}
