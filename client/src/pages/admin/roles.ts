import type { StaffRole, StaffUser } from '@oac/shared';
import type { MessageKey } from '../../i18n/messages';

export const ROLE_LABELS: Record<StaffRole, MessageKey> = {
  clerk: 'admin.role.clerk',
  scheduler: 'admin.role.scheduler',
  admin: 'admin.role.admin',
};

/** The roles a manager may give: an admin all three, a scheduler clerk and scheduler. */
export function rolesFor(user: StaffUser): StaffRole[] {
  return user.role === 'admin' ? ['clerk', 'scheduler', 'admin'] : ['clerk', 'scheduler'];
}
