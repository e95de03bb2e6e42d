import { z } from 'zod';
import { Id } from './common';

export const StaffRole = z.enum(['clerk', 'scheduler', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

export const LoginRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const StaffUser = z.strictObject({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  officeId: Id.nullable(),
});
export type StaffUser = z.infer<typeof StaffUser>;

export const SessionResponse = z.strictObject({ user: StaffUser });
export type SessionResponse = z.infer<typeof SessionResponse>;
