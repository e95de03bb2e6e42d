import { AppError, type Principal } from '@oac/shared';

type Staff = Extract<Principal, { kind: 'staff' }>;
export type Admin = Staff & { role: 'admin' };

/** Queues are configured by admins alone: a scheduler or a clerk is refused, a citizen even more so. */
export function assertQueueAdmin(principal: Principal | null): Admin {
  if (!principal) throw new AppError('unauthenticated', 'Please log in.');
  if (principal.kind !== 'staff') throw new AppError('forbidden', 'This is for council staff only.');
  if (principal.role !== 'admin') throw new AppError('forbidden', 'Only an admin configures the queues.');
  return principal as Admin;
}

/** An office's peaks are its schedulers' (and any admin's) to plan. */
export function assertPlansPeaks(principal: Principal | null, officeId: string): Staff {
  if (!principal) throw new AppError('unauthenticated', 'Please log in.');
  if (principal.kind !== 'staff') throw new AppError('forbidden', 'This is for council staff only.');
  if (principal.role === 'admin' || (principal.role === 'scheduler' && principal.officeId === officeId)) return principal;
  throw new AppError('forbidden', 'Only the schedulers of this office may plan its peaks.');
}

/**
 * Whose clerks a peak may lend to a queue: a scheduler only their own office's (another office's
 * clerks are that office's to plan); an admin any active clerk.
 */
export function assertMayLend(staff: Staff, clerk: { name: string; office_id: string | null }): void {
  if (staff.role === 'admin') return;
  if (clerk.office_id !== staff.officeId)
    throw new AppError('forbidden', `${clerk.name} works at another office: only that office's schedulers may lend them.`, {
      reason: 'other_office',
    });
}
