import type { Knex } from 'knex';

/*
 * Documents in depth (issue 16). A document is a line of versions: every stamp, signature or seal
 * adds a version and never overwrites one, and all versions share `lineage_id` (the first version's
 * id). A deleted version keeps its row as a tombstone without bytes, so nothing ever points at an
 * object that is gone. A document the office issues carries a verification code (CSV), one per
 * lineage. The clerk may ask the citizen to sign a version at a place on a page, and ticks off the
 * procedure's documents on a checklist.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_kind_check');
  await db.raw('ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_content_type_check');
  await db.schema.alterTable('documents', (t) => {
    t.uuid('lineage_id').nullable();
    t.integer('version').notNullable().defaultTo(1);
    t.text('reason').nullable();
    t.specificType('flags', 'text[]').notNullable().defaultTo(db.raw(`'{}'`));
    t.integer('pages').nullable();
    t.text('signer_name').nullable();
    t.timestamp('signed_at', { useTz: true }).nullable();
    t.text('signed_from').nullable();
    t.timestamp('deleted_at', { useTz: true }).nullable();
    t.text('deleted_by_kind').nullable();
    t.uuid('deleted_by_staff_id').nullable().references('staff_users.id').onDelete('RESTRICT');
    t.text('deleted_by_name').nullable();
    t.text('delete_reason').nullable();
  });
  await db.raw('UPDATE documents SET lineage_id = coalesce((SELECT s.id FROM documents s WHERE s.id = documents.source_id), id)');
  await db.raw(`UPDATE documents d SET version = 2 WHERE source_id IS NOT NULL`);
  await db.raw('ALTER TABLE documents ALTER COLUMN lineage_id SET NOT NULL');
  await db.raw(
    'ALTER TABLE documents ADD CONSTRAINT documents_lineage FOREIGN KEY (lineage_id) REFERENCES documents(id) ON DELETE RESTRICT',
  );
  await db.raw('ALTER TABLE documents ALTER COLUMN s3_key DROP NOT NULL');
  await db.raw(`ALTER TABLE documents ADD CONSTRAINT documents_kind_known
    CHECK (kind IN ('upload', 'prepared', 'stamped', 'signed', 'sealed'))`);
  await db.raw(`ALTER TABLE documents ADD CONSTRAINT documents_content_type_known
    CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'image/heic'))`);
  await db.raw(`ALTER TABLE documents ADD CONSTRAINT documents_flags_known
    CHECK (flags <@ ARRAY['javascript', 'embedded_file']::text[])`);
  // A first version is its own lineage; a later one was made from an earlier one of the same line.
  await db.raw(`ALTER TABLE documents ADD CONSTRAINT documents_version_line
    CHECK ((version = 1) = (lineage_id = id) AND (version = 1) = (source_id IS NULL) AND version >= 1)`);
  await db.raw('CREATE UNIQUE INDEX documents_one_version ON documents (lineage_id, version)');
  // A tombstone has no bytes and says who deleted it and why; a live version always has its object.
  await db.raw(`ALTER TABLE documents ADD CONSTRAINT documents_tombstone CHECK (
    (deleted_at IS NULL AND s3_key IS NOT NULL AND deleted_by_kind IS NULL AND delete_reason IS NULL)
    OR (deleted_at IS NOT NULL AND s3_key IS NULL AND deleted_by_kind IN ('staff', 'system')
        AND deleted_by_name IS NOT NULL AND delete_reason IS NOT NULL))`);
  await db.raw(`ALTER TABLE documents ADD CONSTRAINT documents_signed CHECK (
    (kind = 'signed') = (signer_name IS NOT NULL AND signed_at IS NOT NULL))`);
  await db.raw('CREATE INDEX documents_live_by_ticket ON documents (ticket_id) WHERE deleted_at IS NULL');

  await db.schema.createTable('document_codes', (t) => {
    t.text('code').primary();
    t.uuid('lineage_id').notNullable().unique().references('documents.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE document_codes ADD CONSTRAINT document_codes_shape
    CHECK (code ~ '^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$')`);

  await db.schema.createTable('signature_requests', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('document_id').notNullable().references('documents.id').onDelete('RESTRICT');
    t.jsonb('box').notNullable();
    t.uuid('requested_by_staff_id').notNullable().references('staff_users.id').onDelete('RESTRICT');
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('status').notNullable().defaultTo('pending');
    t.uuid('signed_document_id').nullable().references('documents.id').onDelete('RESTRICT');
    t.timestamp('settled_at', { useTz: true }).nullable();
  });
  await db.raw(`ALTER TABLE signature_requests ADD CONSTRAINT signature_requests_status CHECK (
    (status = 'pending' AND settled_at IS NULL AND signed_document_id IS NULL)
    OR (status = 'signed' AND settled_at IS NOT NULL AND signed_document_id IS NOT NULL)
    OR (status = 'withdrawn' AND settled_at IS NOT NULL AND signed_document_id IS NULL))`);
  await db.raw(`CREATE UNIQUE INDEX signature_requests_one_pending ON signature_requests (document_id) WHERE status = 'pending'`);

  await db.schema.createTable('document_checklist', (t) => {
    t.uuid('appointment_id').notNullable().references('appointments.id').onDelete('RESTRICT');
    t.integer('item_index').notNullable();
    t.uuid('document_id').nullable().references('documents.id').onDelete('RESTRICT');
    t.uuid('checked_by_staff_id').notNullable().references('staff_users.id').onDelete('RESTRICT');
    t.timestamp('checked_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['appointment_id', 'item_index']);
  });
  await db.raw('ALTER TABLE document_checklist ADD CONSTRAINT document_checklist_index CHECK (item_index BETWEEN 0 AND 29)');

  // Objects to remove from S3, queued in the transaction that tombstones their rows: a failed
  // delete is retried by the sweep, so no object outlives its row for long.
  await db.schema.createTable('storage_deletions', (t) => {
    t.text('s3_key').primary();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('storage_deletions');
  await db.schema.dropTable('document_checklist');
  await db.schema.dropTable('signature_requests');
  await db.schema.dropTable('document_codes');
  await db.raw('DROP INDEX documents_live_by_ticket');
  await db.raw('DROP INDEX documents_one_version');
  for (const c of [
    'documents_signed',
    'documents_tombstone',
    'documents_version_line',
    'documents_flags_known',
    'documents_content_type_known',
    'documents_kind_known',
    'documents_lineage',
  ]) {
    await db.raw(`ALTER TABLE documents DROP CONSTRAINT ${c}`);
  }
  await db.raw(`DELETE FROM documents WHERE deleted_at IS NOT NULL`);
  await db.raw('ALTER TABLE documents ALTER COLUMN s3_key SET NOT NULL');
  await db.schema.alterTable('documents', (t) => {
    t.dropColumns(
      'lineage_id',
      'version',
      'reason',
      'flags',
      'pages',
      'signer_name',
      'signed_at',
      'signed_from',
      'deleted_at',
      'deleted_by_kind',
      'deleted_by_staff_id',
      'deleted_by_name',
      'delete_reason',
    );
  });
  await db.raw(`ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('upload', 'stamped'))`);
  await db.raw(`ALTER TABLE documents ADD CONSTRAINT documents_content_type_check
    CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg'))`);
}
