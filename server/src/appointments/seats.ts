import { AppError } from '@oac/shared';

export function slotTaken(): AppError {
  return new AppError('slot_taken', 'Somebody has just booked that time. Please choose another.');
}

/**
 * The seat rules the database keeps (migration 007): a slot's seat count under its capacity, and a
 * clerk in one appointment at a time. Whoever books, moves or adds a session meets them the same
 * way: the seat is gone.
 */
export const SEAT_RULES: Readonly<Record<string, () => AppError>> = {
  slots_within_capacity: slotTaken,
  appointments_clerk_no_overlap: slotTaken,
};
