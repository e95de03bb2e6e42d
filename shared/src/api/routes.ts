import { z } from 'zod';
import type { ErrorCode } from '../errors';
import { AppointmentHistory, EndAppointmentRequest, LostLinkRequest, NotesRequest, RescheduleRequest } from './appointments';
import { LoginRequest, SessionResponse } from './auth';
import { IdentityCheck, IdentityCheckList, IdentityCheckRequest, LobbySettings } from './calls';
import { BookingRequest, BookingResponse, CitizenAppointment, OfficeList, ServiceList, SlotList, SlotQuery } from './booking';
import { IdParams, OfficeIdParams } from './common';
import { AppointmentIdParams, DocumentInfo, DocumentList } from './documents';
import { HealthResponse, PublicHealth } from './health';
import { Agenda, AgendaQuery, StaffAppointment } from './staff';

/** Who may call a route: nobody in particular, the citizen's private token, a staff session, or either. */
export type RouteAuth = 'public' | 'citizen' | 'staff' | 'citizen_or_staff';

export interface RouteDef {
  method: 'get' | 'post' | 'delete';
  /** Express-style path, `:name` for parameters. */
  path: string;
  summary: string;
  auth: RouteAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body schema, or `multipart` for a streamed file upload in the field `file`. */
  body?: z.ZodType | 'multipart';
  /** The JSON response schema, or `binary` for streamed file content. */
  response: z.ZodType | 'binary';
  status?: number;
  /** The errors of this route itself; those of every route (see `commonErrors`) come on top. */
  errors: ErrorCode[];
}

/** Errors any route can answer: the database being down, and for a state-changing one, a request from another origin. */
export function commonErrors(def: Pick<RouteDef, 'method'>): ErrorCode[] {
  return def.method === 'get' ? ['database_unavailable'] : ['database_unavailable', 'forbidden_origin'];
}

const NoContent = z.null();

/** Every REST route of the platform, defined once: the server registers these and publishes them as OpenAPI. */
export const routes = {
  health: {
    method: 'get',
    path: '/api/health',
    summary: 'Whether the database, object storage and media workers are up (503 when one is not)',
    auth: 'public',
    response: PublicHealth,
    errors: [],
  },
  healthDetails: {
    method: 'get',
    path: '/api/staff/health',
    summary: 'The same, with latencies, reasons and the version, for staff',
    auth: 'staff',
    response: HealthResponse,
    errors: ['unauthenticated', 'forbidden'],
  },
  listOffices: {
    method: 'get',
    path: '/api/offices',
    summary: 'Offices that take video appointments',
    auth: 'public',
    response: OfficeList,
    errors: [],
  },
  listServices: {
    method: 'get',
    path: '/api/offices/:officeId/services',
    summary: 'Procedures an office offers',
    auth: 'public',
    params: OfficeIdParams,
    response: ServiceList,
    errors: ['validation_error', 'not_found'],
  },
  listSlots: {
    method: 'get',
    path: '/api/slots',
    summary: 'Free slots for a service',
    auth: 'public',
    query: SlotQuery,
    response: SlotList,
    errors: ['validation_error', 'not_found'],
  },
  book: {
    method: 'post',
    path: '/api/bookings',
    summary: 'Book a free slot; returns the private link once',
    auth: 'public',
    body: BookingRequest,
    response: BookingResponse,
    status: 201,
    errors: [
      'validation_error',
      'malformed_json',
      'slot_not_found',
      'slot_taken',
      'already_booked',
      'slot_in_past',
      'service_not_offered',
      'booking_rate_limited',
    ],
  },
  citizenAppointment: {
    method: 'get',
    path: '/api/citizen/appointment',
    summary: "The citizen's own appointment, by private token",
    auth: 'citizen',
    response: CitizenAppointment,
    errors: ['invalid_token'],
  },
  cancelAppointment: {
    method: 'post',
    path: '/api/citizen/appointment/cancel',
    summary: 'The citizen cancels their appointment, up to the cut-off before it; the slot is freed at once',
    auth: 'citizen',
    response: CitizenAppointment,
    errors: ['invalid_token', 'invalid_transition', 'change_cutoff_passed'],
  },
  rescheduleAppointment: {
    method: 'post',
    path: '/api/citizen/appointment/reschedule',
    summary: 'The citizen moves their appointment to another free slot of the same procedure, atomically',
    auth: 'citizen',
    body: RescheduleRequest,
    response: CitizenAppointment,
    errors: [
      'invalid_token',
      'validation_error',
      'invalid_transition',
      'change_cutoff_passed',
      'slot_not_found',
      'slot_taken',
      'slot_in_past',
      'service_not_offered',
    ],
  },
  appointmentCalendar: {
    method: 'get',
    path: '/api/citizen/appointment/calendar.ics',
    summary: 'The appointment as an iCalendar file, to add to a calendar',
    auth: 'citizen',
    response: 'binary',
    errors: ['invalid_token'],
  },
  lostLink: {
    method: 'post',
    path: '/api/citizen/lost-link',
    summary: 'E-mail a new private link for a ticket number and e-mail; the same answer whether they match or not',
    auth: 'public',
    body: LostLinkRequest,
    response: z.strictObject({ accepted: z.literal(true) }),
    status: 202,
    errors: ['validation_error', 'malformed_json', 'rate_limited'],
  },
  login: {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Staff login; sets the session cookie',
    auth: 'public',
    body: LoginRequest,
    response: SessionResponse,
    errors: ['validation_error', 'malformed_json', 'invalid_credentials', 'rate_limited'],
  },
  logout: {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End the staff session',
    auth: 'public',
    response: NoContent,
    status: 204,
    errors: [],
  },
  me: {
    method: 'get',
    path: '/api/auth/me',
    summary: 'The logged-in staff user',
    auth: 'staff',
    response: SessionResponse,
    errors: ['unauthenticated'],
  },
  agenda: {
    method: 'get',
    path: '/api/staff/agenda',
    summary: "A day's appointments for the logged-in clerk (today by default)",
    auth: 'staff',
    query: AgendaQuery,
    response: Agenda,
    errors: ['unauthenticated', 'forbidden', 'validation_error'],
  },
  staffAppointment: {
    method: 'get',
    path: '/api/staff/appointments/:id',
    summary: 'One appointment, for staff',
    auth: 'staff',
    params: IdParams,
    response: StaffAppointment,
    errors: ['unauthenticated', 'forbidden', 'appointment_not_found'],
  },
  endAppointment: {
    method: 'post',
    path: '/api/staff/appointments/:id/end',
    summary: 'The clerk ends the appointment with its outcome: done, or a no-show once the start is past',
    auth: 'staff',
    params: IdParams,
    body: EndAppointmentRequest,
    response: StaffAppointment,
    errors: ['unauthenticated', 'forbidden', 'appointment_not_found', 'validation_error', 'invalid_transition', 'no_show_too_early'],
  },
  changeOutcome: {
    method: 'post',
    path: '/api/staff/appointments/:id/outcome',
    summary: "The clerk corrects an ended appointment's outcome, until the day is over",
    auth: 'staff',
    params: IdParams,
    body: EndAppointmentRequest,
    response: StaffAppointment,
    errors: [
      'unauthenticated',
      'forbidden',
      'appointment_not_found',
      'validation_error',
      'invalid_transition',
      'no_show_too_early',
      'outcome_locked',
    ],
  },
  setAppointmentNotes: {
    method: 'post',
    path: '/api/staff/appointments/:id/notes',
    summary: "The staff's internal notes on an appointment; every change is audited",
    auth: 'staff',
    params: IdParams,
    body: NotesRequest,
    response: StaffAppointment,
    errors: ['unauthenticated', 'forbidden', 'appointment_not_found', 'validation_error'],
  },
  appointmentHistory: {
    method: 'get',
    path: '/api/staff/appointments/:id/history',
    summary: "An appointment's audit trail",
    auth: 'staff',
    params: IdParams,
    response: AppointmentHistory,
    errors: ['unauthenticated', 'forbidden', 'appointment_not_found'],
  },
  lobbySettings: {
    method: 'get',
    path: '/api/staff/lobby',
    summary: "The clerk's own lobby message and away status, as the citizens waiting for them see it",
    auth: 'staff',
    response: LobbySettings,
    errors: ['unauthenticated', 'forbidden'],
  },
  saveLobbySettings: {
    method: 'post',
    path: '/api/staff/lobby',
    summary: 'The clerk changes their lobby message or away status; waiting citizens see it at once',
    auth: 'staff',
    body: LobbySettings,
    response: LobbySettings,
    errors: ['unauthenticated', 'forbidden', 'validation_error'],
  },
  identityChecks: {
    method: 'get',
    path: '/api/staff/appointments/:id/identity-checks',
    summary: "The identity checks made in an appointment's call",
    auth: 'staff',
    params: IdParams,
    response: IdentityCheckList,
    errors: ['unauthenticated', 'forbidden', 'appointment_not_found'],
  },
  recordIdentityCheck: {
    method: 'post',
    path: '/api/staff/appointments/:id/identity-checks',
    summary: "The clerk records that the citizen's identity document was checked on camera (no image is stored)",
    auth: 'staff',
    params: IdParams,
    body: IdentityCheckRequest,
    response: IdentityCheck,
    status: 201,
    errors: ['unauthenticated', 'forbidden', 'appointment_not_found', 'appointment_closed', 'validation_error'],
  },
  listDocuments: {
    method: 'get',
    path: '/api/appointments/:appointmentId/documents',
    summary: "An appointment's documents",
    auth: 'citizen_or_staff',
    params: AppointmentIdParams,
    response: DocumentList,
    errors: ['unauthenticated', 'forbidden', 'appointment_not_found'],
  },
  uploadDocument: {
    method: 'post',
    path: '/api/appointments/:appointmentId/documents',
    summary: 'Upload a PDF or image (multipart field `file`), streamed to storage',
    auth: 'citizen_or_staff',
    params: AppointmentIdParams,
    body: 'multipart',
    response: DocumentInfo,
    status: 201,
    errors: [
      'unauthenticated',
      'forbidden',
      'appointment_not_found',
      'appointment_closed',
      'payload_too_large',
      'unsupported_media_type',
      'validation_error',
    ],
  },
  documentContent: {
    method: 'get',
    path: '/api/documents/:id/content',
    summary: "A document's bytes",
    auth: 'citizen_or_staff',
    params: IdParams,
    response: 'binary',
    errors: ['unauthenticated', 'forbidden', 'document_not_found'],
  },
  stampDocument: {
    method: 'post',
    path: '/api/documents/:id/stamp',
    summary: "Stamp a PDF with the clerk's name, the time and the ticket number",
    auth: 'staff',
    params: IdParams,
    response: DocumentInfo,
    status: 201,
    errors: ['unauthenticated', 'forbidden', 'document_not_found', 'document_not_stampable'],
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
