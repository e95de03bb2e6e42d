import { AppError, type StaffRole } from '@oac/shared';
import type { Manager } from '../catalogue/access';

/** Whose account a manager may touch: an admin anyone's, a scheduler only a clerk's or scheduler's of their office. */
export function assertManagesAccount(manager: Manager, target: { role: StaffRole; office_id: string | null }): void {
  if (manager.role === 'admin') return;
  if (target.office_id !== manager.officeId || target.role === 'admin') {
    throw new AppError('forbidden', 'A scheduler manages only the clerks and schedulers of their own office.');
  }
}

/**
 * Which role and office an account may be given: clerks and schedulers work at an office; a
 * scheduler gives only those two roles, and only at their own office.
 */
export function assertMayGive(manager: Manager, role: StaffRole, officeId: string | null): void {
  if (role !== 'admin' && !officeId) {
    throw new AppError('validation_error', 'Clerks and schedulers work at an office: choose one.', [
      { path: 'officeId', code: 'required' },
    ]);
  }
  if (manager.role === 'admin') return;
  if (role === 'admin') throw new AppError('forbidden', 'Only an admin may make someone an admin.');
  if (officeId !== manager.officeId) throw new AppError('forbidden', 'A scheduler may place staff only at their own office.');
}

/** Nobody switches themselves off through a scheduler's powers: another scheduler or an admin must. */
export function assertMayDeactivate(manager: Manager, targetId: string): void {
  if (manager.role === 'scheduler' && manager.userId === targetId) {
    throw new AppError('forbidden', 'You cannot deactivate your own account.');
  }
}

/** A reset logs its account out at once; one's own would end the very session that asked for it. */
export function assertMayReset(manager: Manager, targetId: string): void {
  if (manager.userId === targetId) throw new AppError('forbidden', 'Ask another scheduler or an admin to reset your own password.');
}
