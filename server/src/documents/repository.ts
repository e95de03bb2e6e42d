import type { DocumentInfo, UploadType } from '@oac/shared';
import type { Runner } from '../appointments/repository';
import type { Db } from '../db/knex';

export interface DocumentRow {
  id: string;
  appointment_id: string;
  ticket_id: string;
  kind: 'upload' | 'stamped';
  filename: string;
  content_type: UploadType;
  size_bytes: number;
  sha256: string;
  s3_key: string;
  uploaded_by_kind: 'citizen' | 'staff';
  uploaded_by_staff_id: string | null;
  uploaded_by_name: string;
  source_id: string | null;
  created_at: Date;
}

export type NewDocument = Omit<DocumentRow, 'id' | 'created_at'>;

const COLUMNS = [
  'id',
  'appointment_id',
  'ticket_id',
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
  'created_at',
];

export function toDocumentInfo(r: DocumentRow): DocumentInfo {
  return {
    id: r.id,
    appointmentId: r.appointment_id,
    kind: r.kind,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    uploadedBy: { kind: r.uploaded_by_kind, name: r.uploaded_by_name },
    sourceId: r.source_id,
    createdAt: r.created_at.toISOString(),
  };
}

export class DocumentRepository {
  constructor(private readonly db: Db) {}

  async insert(doc: NewDocument, runner: Runner = this.db): Promise<DocumentRow> {
    const [row] = await runner('documents').insert(doc).returning(COLUMNS);
    return row;
  }

  find(id: string): Promise<DocumentRow | undefined> {
    return this.db('documents').select(COLUMNS).where({ id }).first();
  }

  listForAppointment(appointmentId: string): Promise<DocumentRow[]> {
    return this.db('documents').select(COLUMNS).where({ appointment_id: appointmentId }).orderBy('created_at');
  }
}
