import { AppError, type Principal } from '@oac/shared';

/** A member of staff who manages offices, the catalogue and accounts: an admin, or a scheduler of an office. */
export type Manager =
  | (Extract<Principal, { kind: 'staff' }> & { role: 'admin' })
  | (Extract<Principal, { kind: 'staff' }> & { role: 'scheduler'; officeId: string });

/** Admins and schedulers manage; a clerk, a citizen and a scheduler without an office do not. */
export function assertManager(principal: Principal | null): Manager {
  if (principal?.kind !== 'staff') {
    if (!principal) throw new AppError('unauthenticated', 'Please log in.');
    throw new AppError('forbidden', 'This is for council staff only.');
  }
  if (principal.role === 'admin') return principal as Manager;
  if (principal.role === 'scheduler' && principal.officeId) return principal as Manager;
  throw new AppError('forbidden', 'Only schedulers and admins manage offices, procedures and staff.');
}

export function assertAdmin(manager: Manager, what: string): void {
  if (manager.role !== 'admin') throw new AppError('forbidden', `Only an admin may ${what}.`);
}

/** A scheduler edits their own office's details; an admin any office's. */
export function assertEditsOffice(manager: Manager, officeId: string): void {
  if (manager.role === 'scheduler' && manager.officeId !== officeId) {
    throw new AppError('forbidden', 'A scheduler may change only their own office.');
  }
}

/**
 * A procedure's fields are shared by every office that offers it, so a scheduler changes them only
 * when their office alone offers it; otherwise an admin must, for all the offices at once.
 */
export function assertEditsService(manager: Manager, officeIds: readonly string[]): void {
  if (manager.role === 'admin') return;
  if (!officeIds.includes(manager.officeId)) {
    throw new AppError('forbidden', 'Your office does not offer this procedure: offer it first, or ask an admin.');
  }
  if (officeIds.some((id) => id !== manager.officeId)) {
    throw new AppError('forbidden', 'Other offices offer this procedure too, so only an admin may change it.', {
      reason: 'shared_service',
    });
  }
}

/** A scheduler adds or removes their own office only; the others' stay as they were. */
export function assertSetsOffices(manager: Manager, before: readonly string[], after: readonly string[]): void {
  if (manager.role === 'admin') return;
  const was = new Set(before);
  const will = new Set(after);
  const changed = [...before.filter((id) => !will.has(id)), ...after.filter((id) => !was.has(id))];
  if (changed.some((id) => id !== manager.officeId)) {
    throw new AppError('forbidden', 'A scheduler may add or remove only their own office.');
  }
}

/** The offices of a new procedure: an admin's choice; a scheduler's own office, and only it. */
export function officesForNew(manager: Manager, requested: readonly string[]): string[] {
  if (manager.role === 'admin') return [...new Set(requested)];
  if (requested.some((id) => id !== manager.officeId)) {
    throw new AppError('forbidden', 'A scheduler adds procedures for their own office only.');
  }
  return [manager.officeId];
}
