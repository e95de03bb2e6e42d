import type { Db } from '../db/knex';
import { SYSTEM } from '../audit/audit';
import { logger } from '../logger';
import type { DocumentService } from './service';

const log = logger('documents.retention');

/**
 * Deletes the documents whose keeping time is over: each procedure keeps its documents for its
 * `retention_days` after its ticket closes. Tombstones and audit entries stay. Idempotent, and
 * safe on several nodes at once: each line is taken under a lock that other nodes skip, and a line
 * already deleted has nothing left to delete.
 */
export async function expireDocuments(db: Db, docs: DocumentService, now: Date, batch = 100): Promise<number> {
  let lines = 0;
  for (;;) {
    const due: { lineage_id: string }[] = await db.transaction(async (trx) => {
      const rows: { lineage_id: string }[] = await trx('documents as d')
        .join('tickets as t', 't.id', 'd.ticket_id')
        .join('services as s', 's.id', 't.service_id')
        .whereNull('d.deleted_at')
        .whereNotNull('t.closed_at')
        .whereRaw(`t.closed_at + make_interval(days => s.retention_days) <= ?`, [now])
        .distinct('d.lineage_id')
        .limit(batch);
      return rows;
    });
    if (due.length === 0) break;
    let done = 0;
    for (const { lineage_id } of due) {
      const n = await docs.deleteLineage(
        lineage_id,
        { byKind: 'system', byStaffId: null, byName: SYSTEM.name, reason: 'retention period ended' },
        SYSTEM,
        'document.expired',
      );
      if (n > 0) done++;
    }
    lines += done;
    // Another node took the same lines: nothing of this batch was ours, and nothing is left to take.
    if (done === 0 || due.length < batch) break;
  }
  // Objects whose delete failed earlier (or on another node) are retried on every round.
  await docs.purge();
  if (lines > 0) log.info({ lines }, 'expireDocuments() deleted documents past their keeping time');
  return lines;
}
