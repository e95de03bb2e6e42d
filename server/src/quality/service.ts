import { AppError, TIME_ZONE, type QualityQuery, type QualityReport } from '@oac/shared';
import type { Principal } from '@oac/shared';
import type { Db } from '../db/knex';
import type { TicketService } from '../tickets/service';
import type { QualityRepository } from './repository';

/*
 * The quality indicators (issue 15), for schedulers and managers: a scheduler sees their own
 * office's, an admin any office's or the whole council's. Clerks see none.
 */
export interface QualityOptions {
  /** The live queue's service level: attended within this many seconds. */
  answerTargetSeconds: number;
}

/** Who may read which office's figures: null for every office (an admin without a choice). */
export function qualityScope(principal: Principal | null, officeId: string | undefined): string | null {
  if (principal?.kind !== 'staff') throw new AppError('unauthenticated', 'Please log in.');
  if (principal.role === 'admin') return officeId ?? null;
  if (principal.role === 'scheduler' && principal.officeId && (officeId === undefined || officeId === principal.officeId))
    return principal.officeId;
  throw new AppError('forbidden', 'Only schedulers (of their own office) and admins see the quality indicators.');
}

export class QualityService {
  constructor(
    private readonly db: Db,
    private readonly repo: QualityRepository,
    private readonly tickets: TicketService,
    private readonly options: QualityOptions,
  ) {}

  async report(principal: Principal | null, query: QualityQuery): Promise<QualityReport> {
    const officeId = qualityScope(principal, query.officeId);
    const timeZone = officeId ? await this.repo.officeTimeZone(this.db, officeId) : TIME_ZONE;
    if (!timeZone) throw new AppError('validation_error', 'That office does not exist.', [{ path: 'officeId', code: 'unknown_office' }]);
    const { start, end } = await this.repo.period(this.db, query.from, query.to, timeZone);
    // The clocks whose verdict is due are settled first, so that the SLA figures count them.
    await this.tickets.settleSla({ from: start, to: end });
    const figures = await this.repo.report(this.db, {
      start,
      end,
      timeZone,
      officeId,
      queueId: query.queueId ?? null,
      serviceId: query.serviceId ?? null,
      priority: query.priority ?? null,
      answerTargetSeconds: this.options.answerTargetSeconds,
    });
    return { from: query.from, to: query.to, timeZone, ...figures };
  }
}
