import { AppError, type ParsedNewPeak, type Peak, type PeakRemoval, type Principal } from '@oac/shared';
import type { Knex } from 'knex';
import { actorOf, recordAudit } from '../audit/audit';
import { rethrowConstraint } from '../db/errors';
import type { Db } from '../db/knex';
import { assertMayLend, assertPlansPeaks } from './access';
import type { PeakRow, QueueAdminRepository } from './repository';
import { localToday, peakDatesProblem, peakRemoval, peakState } from './rules';

const MESSAGES = {
  peak_dates_reversed: 'A peak must end on or after the day it begins.',
  peak_too_long: 'A peak lasts at most 92 days.',
  peak_in_past: 'That peak would be over already.',
} as const;

const constraintError = rethrowConstraint({
  queue_peaks_one_rank: () =>
    new AppError('peak_overlap', 'Another peak already changes this queue’s rank on some of those days.', { path: 'rank' }),
  queue_peaks_order: () => new AppError('peak_dates_reversed', MESSAGES.peak_dates_reversed),
  queue_peaks_length: () => new AppError('peak_too_long', MESSAGES.peak_too_long),
});

/**
 * Seasonal peaks (issue 15): for a range of an office's local dates, a queue gets extra clerks of
 * that office, who count as its members (offers, tickets they see, the estimate's clerks), or
 * another rank in the serving order, or both. What a peak does is read in SQL
 * (`effective_queue_members`, `effective_queue_rank`); this service only keeps the peaks.
 */
export class PeakService {
  readonly #clock: () => Date;

  constructor(
    private readonly db: Db,
    private readonly repo: QueueAdminRepository,
    clock?: () => Date,
  ) {
    this.#clock = clock ?? (() => new Date());
  }

  /** The office's peaks in force or to come. */
  async list(principal: Principal | null, officeId: string): Promise<Peak[]> {
    assertPlansPeaks(principal, officeId);
    const today = await this.#today(this.db, officeId);
    return (await this.repo.peaks(this.db, officeId, today)).map((p) => toPeak(p, today));
  }

  async add(principal: Principal | null, officeId: string, input: ParsedNewPeak): Promise<Peak> {
    const staff = assertPlansPeaks(principal, officeId);
    const clerkIds = [...new Set(input.clerkIds)];
    return this.db
      .transaction(async (trx) => {
        const today = await this.#today(trx, officeId);
        const problem = peakDatesProblem(input.from, input.to, today);
        if (problem) throw new AppError(problem, MESSAGES[problem as keyof typeof MESSAGES], { path: 'to' });
        if (!clerkIds.length && input.rank === null)
          throw new AppError('peak_empty', 'Lend the queue some clerks, give it another rank, or both.');
        const [queue] = await this.repo.queues(trx, this.#clock(), input.queueId);
        if (!queue) throw new AppError('queue_not_found', 'That queue does not exist.', { path: 'queueId' });
        if (!queue.active) throw new AppError('queue_inactive', 'That queue takes no new work: it is deactivated.', { path: 'queueId' });
        await this.#assertLendable(trx, staff, clerkIds);
        const id = await this.repo.insertPeak(
          trx,
          {
            queue_id: queue.id,
            office_id: officeId,
            date_from: input.from,
            date_to: input.to,
            reason: input.reason,
            rank: input.rank,
            created_by_staff_id: staff.userId,
          },
          clerkIds,
        );
        const peak = toPeak((await this.repo.peak(trx, id))!, today);
        await recordAudit(trx, {
          actor: actorOf(staff),
          entity: 'queue_peak',
          entityId: id,
          action: 'queue_peak.added',
          to: peak.state,
          details: { before: null, after: auditable(peak) },
        });
        return peak;
      })
      .catch(constraintError);
  }

  /** See `peakRemoval`: a peak in force since an earlier day ends now; an over one stays as history (`peak_ended`). */
  async remove(principal: Principal | null, officeId: string, id: string): Promise<PeakRemoval> {
    const staff = assertPlansPeaks(principal, officeId);
    const outcome = await this.db.transaction(async (trx) => {
      const row = await this.repo.peak(trx, id, true);
      if (!row || row.office_id !== officeId) throw new AppError('peak_not_found', 'That peak does not exist at this office.');
      const today = await this.#today(trx, officeId);
      const before = toPeak(row, today);
      const removal = peakRemoval(row.date_from, row.date_to, today);
      if (removal.kind === 'over') throw new AppError('peak_ended', 'That peak is over already; it stays on record.');
      if (removal.kind === 'delete') await this.repo.deletePeak(trx, id);
      else await this.repo.endPeak(trx, id, removal.to);
      await recordAudit(trx, {
        actor: actorOf(staff),
        entity: 'queue_peak',
        entityId: id,
        action: removal.kind === 'delete' ? 'queue_peak.deleted' : 'queue_peak.ended',
        from: before.state,
        to: removal.kind === 'delete' ? 'deleted' : 'over',
        details: { before: auditable(before), after: removal.kind === 'delete' ? null : { ...auditable(before), to: removal.to } },
      });
      return removal.kind === 'delete' ? ('deleted' as const) : ('ended' as const);
    });
    return { outcome, peaks: await this.list(principal, officeId) };
  }

  /** Clerks that exist, are active, are clerks, and (for a scheduler) work at their office. */
  async #assertLendable(trx: Knex.Transaction, staff: Extract<Principal, { kind: 'staff' }>, ids: string[]): Promise<void> {
    const found = await this.repo.staff(trx, ids);
    for (const id of ids) {
      const clerk = found.find((s) => s.id === id);
      if (!clerk) throw new AppError('unknown_staff', 'That staff account does not exist.', { path: 'clerkIds', staffId: id });
      if (clerk.role !== 'clerk')
        throw new AppError('not_a_clerk', `${clerk.name} is not a clerk: only clerks serve a queue.`, { path: 'clerkIds', staffId: id });
      if (!clerk.active) throw new AppError('staff_inactive', `${clerk.name}'s account is deactivated.`, { path: 'clerkIds', staffId: id });
      assertMayLend(staff, clerk);
    }
  }

  async #today(db: Db | Knex.Transaction, officeId: string): Promise<string> {
    const office = await this.repo.office(db, officeId);
    if (!office) throw new AppError('not_found', 'That office does not exist.');
    return localToday(office.time_zone, this.#clock());
  }
}

function toPeak(p: PeakRow, today: string): Peak {
  return {
    id: p.id,
    officeId: p.office_id,
    queue: {
      id: p.queue_id,
      code: p.queue_code,
      name: { ca: p.queue_name_ca, es: p.queue_name_es, en: p.queue_name_en },
      rank: p.queue_rank,
    },
    from: p.date_from,
    to: p.date_to,
    reason: p.reason,
    rank: p.rank,
    clerks: p.clerks,
    state: peakState(p.date_from, p.date_to, today),
    createdBy: p.created_by,
  };
}

const auditable = (p: Peak) => ({
  queueId: p.queue.id,
  from: p.from,
  to: p.to,
  reason: p.reason,
  rank: p.rank,
  clerkIds: p.clerks.map((c) => c.id),
});
