import { describe, expect, it } from 'vitest';
import type { Principal } from '@oac/shared';
import { assertAppointmentAccess, canAccessAppointment, type AppointmentAction } from './access';

const OFFICE = 'office-a';
const appt = { id: 'appt-1', officeId: OFFICE, clerkId: 'clerk-1' };
const unassigned = { ...appt, clerkId: null };
const actions: AppointmentAction[] = [
  'view',
  'join_call',
  'read_documents',
  'upload_documents',
  'issue_documents',
  'end',
  'notes',
  'check_identity',
  'change',
  'plan',
  'sign',
];
const staff = (role: 'clerk' | 'scheduler' | 'admin', userId: string, officeId: string | null): Principal => ({
  kind: 'staff',
  userId,
  role,
  officeId,
  name: userId,
  email: `${userId}@x`,
});

describe('canAccessAppointment', () => {
  it('lets a citizen view, join and share documents of their own appointment only, and never stamp', () => {
    const me: Principal = { kind: 'citizen', appointmentId: 'appt-1', name: 'A' };
    expect(actions.map((a) => canAccessAppointment(me, appt, a))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      true,
      false,
      true,
    ]);
    const other: Principal = { kind: 'citizen', appointmentId: 'appt-2', name: 'B' };
    expect(actions.some((a) => canAccessAppointment(other, appt, a))).toBe(false);
  });

  it("lets the assigned clerk, or any clerk of the office when unassigned, do everything but the citizen's own change", () => {
    const clerkActions = [true, true, true, true, true, true, true, true, false, false, false];
    expect(actions.map((a) => canAccessAppointment(staff('clerk', 'clerk-1', OFFICE), appt, a))).toEqual(clerkActions);
    expect(actions.map((a) => canAccessAppointment(staff('clerk', 'clerk-2', OFFICE), unassigned, a))).toEqual(clerkActions);
  });

  it("refuses a clerk of the same office on another clerk's appointment, and a clerk of another office on an unassigned one", () => {
    expect(actions.some((a) => canAccessAppointment(staff('clerk', 'clerk-2', OFFICE), appt, a))).toBe(false);
    expect(actions.some((a) => canAccessAppointment(staff('clerk', 'clerk-1', 'office-b'), unassigned, a))).toBe(false);
    expect(actions.some((a) => canAccessAppointment(staff('clerk', 'clerk-1', null), unassigned, a))).toBe(false);
  });

  it('lets a clerk rostered at another office work the appointments given to them there, and nothing else of it', () => {
    const clerkActions = [true, true, true, true, true, true, true, true, false, false, false];
    // clerk-1's home office is office-b; the appointment at OFFICE is theirs.
    expect(actions.map((a) => canAccessAppointment(staff('clerk', 'clerk-1', 'office-b'), appt, a))).toEqual(clerkActions);
    expect(actions.some((a) => canAccessAppointment(staff('clerk', 'clerk-3', 'office-b'), appt, a))).toBe(false);
  });

  it('lets a scheduler view and plan the appointments of their office only', () => {
    expect(actions.map((a) => canAccessAppointment(staff('scheduler', 's', OFFICE), appt, a))).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      false,
    ]);
    expect(actions.some((a) => canAccessAppointment(staff('scheduler', 's', 'office-b'), appt, a))).toBe(false);
    expect(actions.some((a) => canAccessAppointment(staff('scheduler', 's', null), appt, a))).toBe(false);
  });

  it('lets an admin view, read documents and plan everywhere but take no call, upload nothing and stamp nothing', () => {
    expect(actions.map((a) => canAccessAppointment(staff('admin', 'ad', null), appt, a))).toEqual([
      true,
      false,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      false,
    ]);
  });

  it('refuses nobody', () => {
    expect(actions.some((a) => canAccessAppointment(null, appt, a))).toBe(false);
  });
});

describe('assertAppointmentAccess', () => {
  const row = { id: 'appt-1', office_id: OFFICE, clerk_id: null };
  it('tells a citizen nothing of an appointment that is not theirs, and staff that they may not', () => {
    const other: Principal = { kind: 'citizen', appointmentId: 'appt-2', name: 'B' };
    expect(() => assertAppointmentAccess(other, row, 'view')).toThrow(expect.objectContaining({ code: 'appointment_not_found' }));
    expect(() => assertAppointmentAccess(other, undefined, 'view')).toThrow(expect.objectContaining({ code: 'appointment_not_found' }));
    const scheduler = staff('scheduler', 's', OFFICE);
    expect(() => assertAppointmentAccess(scheduler, row, 'end')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertAppointmentAccess(scheduler, undefined, 'end')).toThrow(expect.objectContaining({ code: 'appointment_not_found' }));
    expect(assertAppointmentAccess(scheduler, row, 'view')).toBe(row);
  });
});
