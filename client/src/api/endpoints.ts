import type {
  QualityQuery,
  BookingRequest,
  CallbackRequest,
  ChecklistUpdate,
  ClassifyRequest,
  IdentityDocumentType,
  Language,
  LobbySettings,
  LoginRequest,
  LinkRequest,
  LiveRequest,
  LostLinkRequest,
  NewAbsence,
  NewCalendarException,
  NewCatalogueService,
  NewPeak,
  NewQueue,
  NewOffice,
  NewShift,
  NewStaffAccount,
  NewTicketRequest,
  NoteRequest,
  OfficeDetailsRequest,
  OfficeSettingsRequest,
  OpeningHours,
  Outcome,
  PageBox,
  PresenceStatus,
  PrepareDocumentRequest,
  QueueFields,
  RerouteRequest,
  ServiceFields,
  SignDocumentRequest,
  SlaTargetRequest,
  StaffAccountChange,
  StaffTicketAction,
  SurveyAnswer,
  TicketPriority,
  TicketQuery,
} from '@oac/shared';
import type { z } from 'zod';
import { callRoute, type Auth } from './http';

/*
 * One function per REST route the client uses. Each is a thin, typed door onto the shared
 * route table; the answers are parsed there against the protocol's schemas.
 */
export const api = {
  offices: (signal?: AbortSignal) => callRoute('listOffices', { signal }),

  services: (officeId: string, signal?: AbortSignal) => callRoute('listServices', { params: { officeId }, signal }),

  procedures: (signal?: AbortSignal) => callRoute('listProcedures', { signal }),

  slots: (serviceId: string, officeId: string | null, from: string, days: number, signal?: AbortSignal) =>
    callRoute('listSlots', { query: { serviceId, ...(officeId ? { officeId } : {}), from, days }, signal }),

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

  inPersonOffices: (id: string, signal?: AbortSignal) => callRoute('inPersonOffices', { params: { id }, auth: { kind: 'staff' }, signal }),

  continueInPerson: (id: string, slotId: string) =>
    callRoute('continueInPerson', { params: { id }, auth: { kind: 'staff' }, body: { slotId } }),

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

  officeSchedule: (officeId: string, signal?: AbortSignal) =>
    callRoute('officeSchedule', { params: { officeId }, auth: { kind: 'staff' }, signal }),

  setOfficeSettings: (officeId: string, body: OfficeSettingsRequest) =>
    callRoute('setOfficeSettings', { params: { officeId }, auth: { kind: 'staff' }, body }),

  setOpeningHours: (officeId: string, hours: OpeningHours[]) =>
    callRoute('setOpeningHours', { params: { officeId }, auth: { kind: 'staff' }, body: { hours } }),

  addCalendarException: (officeId: string, body: NewCalendarException) =>
    callRoute('addCalendarException', { params: { officeId }, auth: { kind: 'staff' }, body }),

  deleteCalendarException: (officeId: string, id: string) =>
    callRoute('deleteCalendarException', { params: { officeId, id }, auth: { kind: 'staff' } }),

  addShift: (officeId: string, body: NewShift) => callRoute('addShift', { params: { officeId }, auth: { kind: 'staff' }, body }),

  deleteShift: (officeId: string, id: string) => callRoute('deleteShift', { params: { officeId, id }, auth: { kind: 'staff' } }),

  addAbsence: (officeId: string, body: NewAbsence) => callRoute('addAbsence', { params: { officeId }, auth: { kind: 'staff' }, body }),

  deleteAbsence: (officeId: string, id: string) => callRoute('deleteAbsence', { params: { officeId, id }, auth: { kind: 'staff' } }),

  regenerateSlots: (officeId: string) => callRoute('regenerateSlots', { params: { officeId }, auth: { kind: 'staff' } }),

  schedulingConflicts: (officeId: string, signal?: AbortSignal) =>
    callRoute('schedulingConflicts', { params: { officeId }, auth: { kind: 'staff' }, signal }),

  planningBoard: (officeId: string, date: string, days: number, signal?: AbortSignal) =>
    callRoute('planningBoard', { params: { officeId }, query: { date, days }, auth: { kind: 'staff' }, signal }),

  setSlotCapacity: (slotId: string, capacity: number | null) =>
    callRoute('setSlotCapacity', { params: { id: slotId }, auth: { kind: 'staff' }, body: { capacity } }),

  reassign: (appointmentId: string, clerkId: string) =>
    callRoute('reassignAppointment', { params: { id: appointmentId }, auth: { kind: 'staff' }, body: { clerkId } }),

  staffCancel: (appointmentId: string) => callRoute('staffCancelAppointment', { params: { id: appointmentId }, auth: { kind: 'staff' } }),

  staffReschedule: (appointmentId: string, slotId: string) =>
    callRoute('staffRescheduleAppointment', { params: { id: appointmentId }, auth: { kind: 'staff' }, body: { slotId } }),

  stamp: (documentId: string) => callRoute('stampDocument', { params: { id: documentId }, auth: { kind: 'staff' } }),

  /** Deletes every version of a document; the answer is its versions, now tombstones. */
  deleteDocument: (documentId: string, reason: string) =>
    callRoute('deleteDocument', { params: { id: documentId }, auth: { kind: 'staff' }, body: { reason } }),

  adminOffices: (signal?: AbortSignal) => callRoute('adminOffices', { auth: { kind: 'staff' }, signal }),

  createOffice: (body: NewOffice) => callRoute('createOffice', { auth: { kind: 'staff' }, body }),

  saveOfficeDetails: (officeId: string, body: OfficeDetailsRequest) =>
    callRoute('saveOfficeDetails', { params: { officeId }, auth: { kind: 'staff' }, body }),

  catalogue: (signal?: AbortSignal) => callRoute('catalogue', { auth: { kind: 'staff' }, signal }),

  createService: (body: NewCatalogueService) => callRoute('createService', { auth: { kind: 'staff' }, body }),

  saveService: (id: string, body: ServiceFields) => callRoute('saveService', { params: { id }, auth: { kind: 'staff' }, body }),

  setServiceOffices: (id: string, officeIds: string[]) =>
    callRoute('setServiceOffices', { params: { id }, auth: { kind: 'staff' }, body: { officeIds } }),

  staffAccounts: (signal?: AbortSignal) => callRoute('staffAccounts', { auth: { kind: 'staff' }, signal }),

  createStaffAccount: (body: NewStaffAccount) => callRoute('createStaffAccount', { auth: { kind: 'staff' }, body }),

  saveStaffAccount: (id: string, body: StaffAccountChange) =>
    callRoute('saveStaffAccount', { params: { id }, auth: { kind: 'staff' }, body }),

  setStaffActive: (id: string, active: boolean) =>
    callRoute('setStaffActive', { params: { id }, auth: { kind: 'staff' }, body: { active } }),

  resetStaffPassword: (id: string) => callRoute('resetStaffPassword', { params: { id }, auth: { kind: 'staff' } }),

  // The single window's queues (admins) and the offices' seasonal peaks (their schedulers), issue 15.
  adminQueues: (signal?: AbortSignal) => callRoute('adminQueues', { auth: { kind: 'staff' }, signal }),

  createQueue: (body: NewQueue) => callRoute('createQueue', { auth: { kind: 'staff' }, body }),

  saveQueue: (id: string, body: QueueFields) => callRoute('saveQueue', { params: { id }, auth: { kind: 'staff' }, body }),

  setQueueActive: (id: string, active: boolean) =>
    callRoute('setQueueActive', { params: { id }, auth: { kind: 'staff' }, body: { active } }),

  setQueueMembers: (id: string, staffIds: string[]) =>
    callRoute('setQueueMembers', { params: { id }, auth: { kind: 'staff' }, body: { staffIds } }),

  setQueueSupervisor: (id: string, staffId: string | null) =>
    callRoute('setQueueSupervisor', { params: { id }, auth: { kind: 'staff' }, body: { staffId } }),

  setQueueSla: (id: string, body: SlaTargetRequest) => callRoute('setQueueSla', { params: { id }, auth: { kind: 'staff' }, body }),

  clearQueueSla: (id: string, priority: TicketPriority) =>
    callRoute('clearQueueSla', { params: { id, priority }, auth: { kind: 'staff' } }),

  setDefaultSla: (body: SlaTargetRequest) => callRoute('setDefaultSla', { auth: { kind: 'staff' }, body }),

  officePeaks: (officeId: string, signal?: AbortSignal) =>
    callRoute('officePeaks', { params: { officeId }, auth: { kind: 'staff' }, signal }),

  addPeak: (officeId: string, body: NewPeak) => callRoute('addPeak', { params: { officeId }, auth: { kind: 'staff' }, body }),

  removePeak: (officeId: string, id: string) => callRoute('removePeak', { params: { officeId, id }, auth: { kind: 'staff' } }),

  // Attend me now (issue 15): the waiting citizen by the page's private token, the clerk by their session.
  liveRequest: (body: LiveRequest) => callRoute('liveRequest', { body }),

  liveStatus: (token: string, signal?: AbortSignal) => callRoute('liveStatus', { auth: { kind: 'citizen', token }, signal }),

  liveLeave: (token: string) => callRoute('liveLeave', { auth: { kind: 'citizen', token } }),

  liveCallback: (token: string, body: CallbackRequest) => callRoute('liveCallback', { auth: { kind: 'citizen', token }, body }),

  liveDesk: (signal?: AbortSignal) => callRoute('liveDesk', { auth: { kind: 'staff' }, signal }),

  livePresence: (status: PresenceStatus) => callRoute('livePresence', { auth: { kind: 'staff' }, body: { status } }),

  liveAccept: (entryId: string) => callRoute('liveAccept', { params: { id: entryId }, auth: { kind: 'staff' } }),

  liveDecline: (entryId: string) => callRoute('liveDecline', { params: { id: entryId }, auth: { kind: 'staff' } }),

  liveCallbackDone: (entryId: string, outcome: 'reached' | 'not_reached') =>
    callRoute('liveCallbackDone', { params: { id: entryId }, auth: { kind: 'staff' }, body: { outcome } }),

  // The quality indicators (issue 15).
  quality: (query: QualityQuery, signal?: AbortSignal) => callRoute('quality', { query, auth: { kind: 'staff' }, signal }),

  // The single window's tickets (issue 15).
  citizenTicket: (token: string, signal?: AbortSignal) => callRoute('citizenTicket', { auth: { kind: 'citizen', token }, signal }),

  citizenSurvey: (token: string, answer: SurveyAnswer) => callRoute('citizenSurvey', { auth: { kind: 'citizen', token }, body: answer }),

  citizenTicketReply: (token: string, body: string) =>
    callRoute('citizenTicketReply', { auth: { kind: 'citizen', token }, body: { body } }),

  queues: (signal?: AbortSignal) => callRoute('queues', { auth: { kind: 'staff' }, signal }),

  tickets: (query: Omit<TicketQuery, 'limit'> & { limit?: number }, signal?: AbortSignal) =>
    callRoute('tickets', { query, auth: { kind: 'staff' }, signal }),

  registerTicket: (body: NewTicketRequest) => callRoute('registerTicket', { auth: { kind: 'staff' }, body }),

  ticket: (id: string, signal?: AbortSignal) => callRoute('ticket', { params: { id }, auth: { kind: 'staff' }, signal }),

  ticketAction: (id: string, action: StaffTicketAction) =>
    callRoute('ticketAction', { params: { id }, auth: { kind: 'staff' }, body: { action } }),

  classifyTicket: (id: string, body: ClassifyRequest) => callRoute('classifyTicket', { params: { id }, auth: { kind: 'staff' }, body }),

  rerouteTicket: (id: string, body: RerouteRequest) => callRoute('rerouteTicket', { params: { id }, auth: { kind: 'staff' }, body }),

  addTicketNote: (id: string, body: NoteRequest) => callRoute('addTicketNote', { params: { id }, auth: { kind: 'staff' }, body }),

  addTicketLink: (id: string, body: LinkRequest) => callRoute('addTicketLink', { params: { id }, auth: { kind: 'staff' }, body }),

  resolveTicketLink: (id: string, linkId: string) => callRoute('resolveTicketLink', { params: { id, linkId }, auth: { kind: 'staff' } }),

  // Issuing documents (issue 16): templates, signature requests, the citizen's signature, the
  // office seal, the checklist, and the public check of a verification code.
  prepareDocument: (appointmentId: string, body: z.input<typeof PrepareDocumentRequest>) =>
    callRoute('prepareDocument', { params: { appointmentId }, auth: { kind: 'staff' }, body }),

  requestSignature: (documentId: string, box: PageBox) =>
    callRoute('requestSignature', { params: { id: documentId }, auth: { kind: 'staff' }, body: { box } }),

  signDocument: (documentId: string, token: string, body: SignDocumentRequest) =>
    callRoute('signDocument', { params: { id: documentId }, auth: { kind: 'citizen', token }, body }),

  sealDocument: (documentId: string) => callRoute('sealDocument', { params: { id: documentId }, auth: { kind: 'staff' } }),

  checklist: (appointmentId: string, auth: Auth, signal?: AbortSignal) =>
    callRoute('documentChecklist', { params: { appointmentId }, auth, signal }),

  updateChecklistItem: (appointmentId: string, index: number, body: z.input<typeof ChecklistUpdate>) =>
    callRoute('updateChecklistItem', { params: { appointmentId, index: String(index) }, auth: { kind: 'staff' }, body }),

  verifyDocument: (code: string, signal?: AbortSignal) => callRoute('verifyDocument', { params: { code }, signal }),
};
