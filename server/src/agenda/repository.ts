import type { Db } from '../db/knex';

export class AgendaRepository {
  constructor(private readonly db: Db) {}

  /** Active appointment ids of a Madrid calendar day, optionally narrowed to an office and clerk. */
  async dayAppointmentIds(date: string, scope: { officeId: string | null; clerkId: string | null }): Promise<string[]> {
    const q = this.db('appointments as a')
      .join('slots as s', 's.id', 'a.slot_id')
      .select('a.id')
      .whereNot('a.status', 'cancelled')
      .andWhereRaw(`s.starts_at >= (?::date)::timestamp AT TIME ZONE 'Europe/Madrid'`, [date])
      .andWhereRaw(`s.starts_at < ((?::date) + 1)::timestamp AT TIME ZONE 'Europe/Madrid'`, [date])
      .orderBy('s.starts_at');
    if (scope.officeId) q.where('a.office_id', scope.officeId);
    if (scope.clerkId) q.where((w) => w.where('a.clerk_id', scope.clerkId).orWhereNull('a.clerk_id'));
    return (await q).map((r: { id: string }) => r.id);
  }
}
