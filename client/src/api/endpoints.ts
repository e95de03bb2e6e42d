import type { BookingRequest, IdentityDocumentType, Language, LobbySettings, LoginRequest, LostLinkRequest, Outcome } from '@oac/shared';
import { callRoute, type Auth } from './http';

/*
 * One function per REST route the client uses. Each is a thin, typed door onto the shared
 * route table; the answers are parsed there against the protocol's schemas.
 */
export const api = {
  offices: (signal?: AbortSignal) => callRoute('listOffices', { signal }),

  services: (officeId: string, signal?: AbortSignal) => callRoute('listServices', { params: { officeId }, signal }),

  slots: (serviceId: string, from: string, days: number, signal?: AbortSignal) =>
    callRoute('listSlots', { query: { serviceId, from, days }, signal }),

  book: (request: Omit<BookingRequest, 'language'> & { language: Language }) => callRoute('book', { body: request }),

  citizenAppointment: (token: string, signal?: AbortSignal) =>
    callRoute('citizenAppointment', { auth: { kind: 'citizen', token }, signal }),

  cancel: (token: string) => callRoute('cancelAppointment', { auth: { kind: 'citizen', token } }),

  reschedule: (token: string, slotId: string) => callRoute('rescheduleAppointment', { auth: { kind: 'citizen', token }, body: { slotId } }),

  lostLink: (request: LostLinkRequest) => callRoute('lostLink', { body: request }),

  login: (request: LoginRequest) => callRoute('login', { body: request }),

  logout: () => callRoute('logout', {}),

  me: (signal?: AbortSignal) => callRoute('me', { auth: { kind: 'staff' }, signal }),

  agenda: (date: string, signal?: AbortSignal) => callRoute('agenda', { query: { date }, auth: { kind: 'staff' }, signal }),

  staffAppointment: (id: string, signal?: AbortSignal) =>
    callRoute('staffAppointment', { params: { id }, auth: { kind: 'staff' }, signal }),

  end: (id: string, outcome: Outcome) => callRoute('endAppointment', { params: { id }, auth: { kind: 'staff' }, body: { outcome } }),

  changeOutcome: (id: string, outcome: Outcome) =>
    callRoute('changeOutcome', { params: { id }, auth: { kind: 'staff' }, body: { outcome } }),

  lobbySettings: (signal?: AbortSignal) => callRoute('lobbySettings', { auth: { kind: 'staff' }, signal }),

  saveLobbySettings: (settings: LobbySettings) => callRoute('saveLobbySettings', { auth: { kind: 'staff' }, body: settings }),

  identityChecks: (id: string, signal?: AbortSignal) => callRoute('identityChecks', { params: { id }, auth: { kind: 'staff' }, signal }),

  recordIdentityCheck: (id: string, documentType: IdentityDocumentType) =>
    callRoute('recordIdentityCheck', { params: { id }, auth: { kind: 'staff' }, body: { documentType } }),

  setNotes: (id: string, notes: string) => callRoute('setAppointmentNotes', { params: { id }, auth: { kind: 'staff' }, body: { notes } }),

  history: (id: string, signal?: AbortSignal) => callRoute('appointmentHistory', { params: { id }, auth: { kind: 'staff' }, signal }),

  documents: (appointmentId: string, auth: Auth, signal?: AbortSignal) =>
    callRoute('listDocuments', { params: { appointmentId }, auth, signal }),

  stamp: (documentId: string) => callRoute('stampDocument', { params: { id: documentId }, auth: { kind: 'staff' } }),
};
