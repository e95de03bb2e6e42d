import { LIVE_NAMESPACE, MediaNotice } from '@oac/shared';
import { createServer, type Server as HttpServer } from 'node:http';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { AppointmentRepository } from './appointments/repository';
import { InPersonFollowUp } from './appointments/in-person';
import { appointmentRoutes } from './appointments/routes';
import { AppointmentService } from './appointments/service';
import { AuthRepository } from './auth/repository';
import { authRoutes } from './auth/routes';
import { AuthService } from './auth/service';
import { BookingRepository } from './booking/repository';
import { bookingRoutes } from './booking/routes';
import { SchedulingRepository } from './scheduling/repository';
import { schedulingRoutes } from './scheduling/routes';
import { TicketRepository } from './tickets/repository';
import { LiveRepository } from './live/repository';
import { liveRoutes } from './live/routes';
import { LiveService } from './live/service';
import { attachLiveSockets } from './live/socket';
import { ticketRoutes } from './tickets/routes';
import { PeakService } from './queues/peaks';
import { QueueAdminRepository } from './queues/repository';
import { queueRoutes } from './queues/routes';
import { QueueAdminService } from './queues/service';
import { QualityRepository } from './quality/repository';
import { qualityRoutes } from './quality/routes';
import { QualityService } from './quality/service';
import { TicketService } from './tickets/service';
import { SchedulingService } from './scheduling/service';
import { CatalogueRepository } from './catalogue/repository';
import { catalogueRoutes } from './catalogue/routes';
import { CatalogueService } from './catalogue/service';
import { StaffAdminRepository } from './staff-admin/repository';
import { staffAdminRoutes } from './staff-admin/routes';
import { StaffAdminService } from './staff-admin/service';
import { BookingService } from './booking/service';
import { CallService } from './calls/service';
import { CallRepository } from './calls/repository';
import { callRoutes } from './calls/routes';
import {
  attachAgendaBroadcast,
  attachCallHandlers,
  attachTicketBroadcast,
  createIo,
  ioBroadcast,
  ioClerkDirectory,
  type IoServer,
} from './calls/socket';
import type { Config } from './config';
import { createDb, migrateLatest, type Db } from './db/knex';
import { DocumentRepository } from './documents/repository';
import { documentRoutes } from './documents/routes';
import { DocumentService } from './documents/service';
import { createDocumentProcessing } from './documents/processing';
import { DocumentChecklist } from './documents/checklist';
import { documentEngine, type IssuingRunner } from './documents/engine';
import { DocumentIssuer } from './documents/issuing';
import { issuingRoutes } from './documents/issuing-routes';
import { expireDocuments } from './documents/retention';
import { VerificationCodes } from './documents/verification';
import { loadSigningIdentities, pkiSettings } from './signing';
import { healthRoutes } from './health/routes';
import { createApp } from './http/app';
import { buildOpenApi } from './http/openapi';
import type { PrincipalResolver } from './http/route';
import { logger, setLogLevel } from './logger';
import { LostLinkService } from './mail/lost-link';
import { MailOutbox } from './mail/outbox';
import { lostLinkRoutes } from './mail/routes';
import { createTransport } from 'nodemailer';
import { MediaChannel } from '@oac/media-worker/client';
import { RateLimiter } from './rate-limits/rate-limiter';
import { every } from './periodic';
import { logContext } from './log-context';
import { ObjectStore } from './storage/object-store';
import { metricsHandler } from './http/app';
import { Metrics } from './metrics/metrics';

export const VERSION = '0.1.0';

/** `Name <address>` or a bare address, as MAIL_FROM holds it. */
function mailbox(from: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: m[1]!.replace(/^"|"$/g, ''), email: m[2]! } : { name: from, email: from };
}

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  store: ObjectStore;
  http: HttpServer;
  io: IoServer;
  /** The durable mail: tests drive it with runOnce(). */
  outbox: MailOutbox;
  /** The single window's tickets: tests drive the escalation with escalateDue(). */
  tickets: TicketService;
  /** The live queue: tests drive its upkeep with tick(). */
  live: LiveService;
  /** This node's calls and its channel to the media worker, for tests and health. */
  calls: CallService;
  media: MediaChannel;
  /** Where a separate METRICS_PORT listens, when one is configured. */
  metricsUrl: string | null;
  /** Documents: tests drive the retention sweep with it. */
  documents: DocumentService;
  /**
   * Stops taking new calls and reports `draining` on readiness, then waits for this node's calls to
   * end, at most `graceMs`; resolves with how many were still running when the grace ran out.
   */
  drain(graceMs: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the HTTP + socket.io server: migrates the database, makes sure the bucket exists,
 * connects to the media worker (retrying in the background if it is not up yet) and listens.
 */
export interface ServerOptions {
  /** The time for the mail's schedule (reminders), so tests can move it; the real clock otherwise. */
  clock?: () => Date;
}

export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  setLogLevel(config.LOG_LEVEL);
  const log = logger('server');
  await migrateLatest(config.DATABASE_URL);
  const db = createDb(
    config.DATABASE_URL,
    {
      poolMax: config.DATABASE_POOL_MAX,
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
    },
    logger('db'),
  );
  const store = ObjectStore.fromConfig(config);
  await store.ensureBucket();

  const media = new MediaChannel({ logger: logger('media'), requestId: () => logContext()?.requestId });
  media.connect(config.MEDIA_WORKER_URL, config.MEDIA_WORKER_SECRET).catch((err: unknown) => {
    log.warn({ err }, 'startServer() media worker not reachable yet; retrying in the background');
  });

  const appointmentRepo = new AppointmentRepository(db);
  const authRepo = new AuthRepository(db);
  const auth = new AuthService(authRepo, appointmentRepo, { sessionTtlHours: config.SESSION_TTL_HOURS, cookieSecure: config.cookieSecure });
  const resolve: PrincipalResolver = (req) => auth.resolve(req.headers.authorization, req.headers.cookie);
  const bookingRepo = new BookingRepository(db);
  if (!config.SMTP_URL) log.warn('startServer() SMTP_URL is not set: no e-mail is sent');
  let publicUrl = config.PUBLIC_URL ?? '';
  let draining = false;
  const organizer = mailbox(config.MAIL_FROM);
  const outbox = new MailOutbox(
    db,
    appointmentRepo,
    // Bounded waits, so that a mail server that hangs holds a message only until its lease runs out.
    config.SMTP_URL
      ? createTransport({ url: config.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
      : null,
    {
      pollMs: config.MAIL_POLL_SECONDS * 1000,
      leaseMs: config.MAIL_LEASE_SECONDS * 1000,
      maxAttempts: config.MAIL_MAX_ATTEMPTS,
      reminderOffsetsMinutes: config.REMINDER_OFFSETS_MINUTES,
      linkValidDays: config.LINK_VALID_DAYS,
      publicUrl: () => publicUrl,
      from: config.MAIL_FROM,
      organizer,
      rules: config.lifecycle,
    },
    logger('mail'),
    options.clock,
  );
  const mail = outbox.enabled ? outbox : null;
  const limiter = new RateLimiter(db);
  const appointments = new AppointmentService(db, appointmentRepo, bookingRepo, config.lifecycle, mail, options.clock);
  const booking = new BookingService(
    db,
    bookingRepo,
    appointmentRepo,
    config.lifecycle,
    limiter,
    {
      perAddressPerHour: config.BOOKINGS_PER_ADDRESS_PER_HOUR,
      perEmailPerDay: config.BOOKINGS_PER_EMAIL_PER_DAY,
      activePerEmailAndService: config.ACTIVE_BOOKINGS_PER_EMAIL_AND_SERVICE,
      mailsPerRecipientPerHour: config.MAILS_PER_RECIPIENT_PER_HOUR,
    },
    mail,
  );
  const lostLinks = new LostLinkService(appointmentRepo, limiter, mail, {
    perAddressPerHour: config.LOST_LINKS_PER_ADDRESS_PER_HOUR,
    mailsPerRecipientPerHour: config.MAILS_PER_RECIPIENT_PER_HOUR,
  });
  // Parsing and checking documents runs on worker threads, never on this event loop (issue 16).
  const processing = createDocumentProcessing(config, store);
  const documents = new DocumentService(
    db,
    new DocumentRepository(db),
    appointmentRepo,
    store,
    {
      maxFilesPerAppointment: config.DOCUMENT_MAX_FILES_PER_APPOINTMENT,
      maxBytesPerAppointment: config.DOCUMENT_MAX_BYTES_PER_APPOINTMENT,
    },
    processing.inspect,
  );
  const codes = new VerificationCodes(db, store, limiter, { invalidPerWindow: config.VERIFY_INVALID_PER_HOUR, windowSeconds: 3600 });
  const identities = await loadSigningIdentities(pkiSettings(config));
  const issuer = new DocumentIssuer(documents, {
    engine: documentEngine(
      // Stamping, signing and sealing run on the processing pool's threads, with its limits.
      ((task, input) => processing.pool.run(task, input as never)) as IssuingRunner,
      { identities, tsaUrl: config.SEAL_TSA_URL, tsaTimeoutMs: config.SEAL_TSA_TIMEOUT_MS, maxPages: config.DOCUMENT_MAX_PAGES },
    ),
    codes,
    verifyBase: () => publicUrl,
    maxProcessBytes: config.DOCUMENT_MAX_PROCESS_BYTES,
    clock: options.clock,
  });
  const checklist = new DocumentChecklist(documents);
  const schedulingRepo = new SchedulingRepository();
  const scheduling = new SchedulingService(db, schedulingRepo, { horizonWeeks: config.SCHEDULING_HORIZON_WEEKS, clock: options.clock });
  const catalogue = new CatalogueService(db, new CatalogueRepository(), scheduling, logger('catalogue'));
  // Ended sessions go through the auth's own event, so the sockets they hold close as on a logout.
  const staffAdmin = new StaffAdminService(db, new StaffAdminRepository(), (ended) => {
    for (const e of ended) auth.emit('sessionEnded', e);
  });

  const ticketRepo = new TicketRepository();
  const queueRepo = new QueueAdminRepository();
  const tickets = new TicketService(db, ticketRepo, {
    clock: options.clock,
    survey: { sampleRate: config.SURVEY_SAMPLE_RATE, delayMinutes: config.SURVEY_DELAY_MINUTES },
    mail,
  });
  const quality = new QualityService(db, new QualityRepository(), tickets, {
    answerTargetSeconds: config.QUALITY_ANSWER_TARGET_SECONDS,
  });
  const live = new LiveService(
    db,
    new LiveRepository(),
    ticketRepo,
    appointmentRepo,
    limiter,
    {
      graceSeconds: config.LIVE_GRACE_SECONDS,
      offerSeconds: config.LIVE_OFFER_SECONDS,
      callbackAboveMinutes: config.LIVE_CALLBACK_ABOVE_MINUTES,
      quotas: {
        address: { bucket: 'live_address', limit: config.BOOKINGS_PER_ADDRESS_PER_HOUR, windowSeconds: 3_600 },
        email: { bucket: 'live_email', limit: config.BOOKINGS_PER_EMAIL_PER_DAY, windowSeconds: 86_400 },
      },
      clock: options.clock,
    },
    mail,
  );
  // An appointment's call and cancellation move its ticket (after the appointment's own commit).
  appointments.on('changed', (row, change) => {
    // A clerk whose call ended is free for the next citizen in line.
    if (row.status === 'done' || row.status === 'no_show' || row.status === 'cancelled') {
      live.callEnded(row.id, row.clerk_id).catch((err: unknown) => log.warn({ err, appointmentId: row.id }, 'callEnded() failed'));
    }
    if (row.status !== 'in_call' && row.status !== 'cancelled') return;
    // The clerk in the call is the one who started it, whoever the appointment was given to.
    const clerk =
      change.actor?.kind === 'staff'
        ? { id: change.actor.staffId, name: change.actor.name }
        : row.clerk_id
          ? { id: row.clerk_id, name: row.clerk_name ?? '' }
          : null;
    tickets
      .onAppointment(row.id, row.status, clerk)
      .catch((err: unknown) => log.error({ err, appointmentId: row.id }, 'ticket follow-up failed'));
  });

  const callRepo = new CallRepository(db);
  // The calls exist once the socket server does (below); a lobby change before then has nobody waiting to tell.
  const lobbyChanged = { notify: (_officeId: string): void => undefined };
  const origin = { publicOrigin: config.publicOrigin };
  // The socket server is made after the app; its connections are counted once it exists.
  let ioForMetrics: IoServer | null = null;
  const metrics = new Metrics({
    db,
    media: () => media.status(),
    sockets: () => (ioForMetrics ? Object.fromEntries(['/', LIVE_NAMESPACE].map((ns) => [ns, ioForMetrics!.of(ns).sockets.size])) : {}),
  });
  const app = createApp({
    metrics: { middleware: metrics.http(), token: config.METRICS_TOKEN ?? null, text: () => metrics.text() },
    routers: [
      healthRoutes(
        {
          database: async () => void (await db.raw('select 1')),
          storage: () => store.ping(),
          media: async () => {
            const status = await media.status();
            if (!status) throw new Error('media worker not connected');
            return { workers: status.workers.length };
          },
        },
        VERSION,
        resolve,
        () => draining,
      ),
      bookingRoutes(booking, bookingRepo, resolve),
      authRoutes(auth, resolve),
      appointmentRoutes({
        db,
        repo: appointmentRepo,
        service: appointments,
        inPerson: new InPersonFollowUp(db, appointmentRepo, bookingRepo, appointments, mail),
        resolve,
        organizer,
      }),
      lostLinkRoutes(lostLinks, resolve),
      schedulingRoutes({
        db,
        repo: schedulingRepo,
        service: scheduling,
        appointments,
        appointmentRepo,
        rules: config.lifecycle,
        resolve,
      }),
      catalogueRoutes(catalogue, resolve),
      ticketRoutes(tickets, resolve),
      queueRoutes(new QueueAdminService(db, queueRepo, options.clock), new PeakService(db, queueRepo, options.clock), resolve),
      qualityRoutes(quality, resolve),
      liveRoutes(live, resolve),
      staffAdminRoutes(staffAdmin, resolve),
      documentRoutes(documents, store, resolve, config.UPLOAD_MAX_BYTES, processing.scan),
      issuingRoutes({ docs: documents, issuer, checklist, codes }, resolve),
      callRoutes({
        repo: callRepo,
        appointments: appointmentRepo,
        resolve,
        onLobbyChanged: (officeId) => void calls?.refreshLobbies(officeId),
      }),
    ],
    openApi: buildOpenApi(VERSION),
    clientDist: config.CLIENT_DIST,
    log,
    trustProxy: config.TRUST_PROXY,
    origin,
    https: config.cookieSecure,
    securityContact: config.SECURITY_CONTACT,
  });

  const http = createServer(app);
  const io = createIo(http, origin, logger('calls'));
  ioForMetrics = io;
  for (const ns of ['/', LIVE_NAMESPACE]) io.of(ns).on('connection', (socket) => metrics.socket(ns, socket));
  const calls = new CallService(appointments, media, ioBroadcast(io), callRepo, ioClerkDirectory(io), logger('calls'), {
    ice: {
      stunUrls: config.STUN_URLS,
      turnUrls: config.TURN_URLS,
      turnSecret: config.TURN_SECRET,
      turnTtlSeconds: config.TURN_CREDENTIAL_TTL_SECONDS,
      policy: config.ICE_TRANSPORT_POLICY,
    },
  });
  lobbyChanged.notify = (officeId) => void calls.refreshLobbies(officeId);
  attachAgendaBroadcast(io, appointments);
  attachTicketBroadcast(io, tickets);
  live.on('offered', (queue, seconds) => metrics.offerSeconds.observe({ queue }, seconds));
  const liveSockets = attachLiveSockets(io, live, auth, logger('live'), config.LIVE_TICK_SECONDS * 1000);
  const sockets = attachCallHandlers(io, {
    auth,
    calls,
    documents,
    log: logger('calls'),
    onJoinTime: (role, report) => metrics.joinSeconds.observe({ role, browser: report.browser }, report.ms / 1000),
    limits: {
      eventsPerSecond: config.SOCKET_EVENTS_PER_SECOND,
      eventBurst: config.SOCKET_EVENT_BURST,
      sessionRecheckSeconds: config.SESSION_RECHECK_SECONDS,
    },
  });
  media.on(MediaNotice.producerClosed, (n) => calls.onProducerClosed(n.roomId, n.producerId));
  media.on(MediaNotice.roomClosed, (n) => calls.onRoomClosed(n.roomId));
  media.on('disconnect', () => calls.onMediaLost());
  media.on('connect', () => calls.onMediaBack());

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(config.PORT, config.HOST, () => resolveListen());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  log.info({ url }, 'startServer() listening');
  // Metrics on a port of their own, with no token: for a scraper on the host or its private network.
  const metricsHttp = config.METRICS_PORT === undefined ? null : createServer(metricsHandlerApp(() => metrics.text()));
  if (metricsHttp) {
    await new Promise<void>((resolveListen, reject) => {
      metricsHttp.once('error', reject);
      metricsHttp.listen(config.METRICS_PORT, config.METRICS_HOST, () => resolveListen());
    });
  }
  const metricsUrl = metricsHttp ? `http://${config.METRICS_HOST}:${(metricsHttp.address() as AddressInfo).port}/metrics` : null;
  if (metricsUrl) log.info({ metricsUrl }, 'startServer() serving metrics');

  // Links in e-mails must be absolute: the public URL, else where this server listens.
  publicUrl ||= url;
  outbox.onSendFailed = (kind) => metrics.mailFailures.inc({ kind });
  outbox.start();
  const horizon = scheduling.keepHorizon(config.SCHEDULING_REFRESH_HOURS * 3_600_000, logger('scheduling'));
  const escalation = tickets.keepEscalating(60_000, logger('tickets'));
  const liveUpkeep = live.keepTicking(config.LIVE_TICK_SECONDS * 1000, logger('live'));
  const documentSweep = every(
    config.DOCUMENT_SWEEP_SECONDS * 1000,
    'expireDocuments',
    () => expireDocuments(db, documents, options.clock?.() ?? new Date()),
    logger('documents'),
  );

  let closed = false;
  return {
    url,
    port,
    db,
    store,
    http,
    io,
    calls,
    media,
    outbox,
    tickets,
    live,
    metricsUrl,
    documents,
    async drain(graceMs) {
      draining = true;
      calls.draining = true;
      log.info({ rooms: calls.activeRooms, graceMs }, 'drain() taking no new calls');
      const until = Date.now() + graceMs;
      while (calls.activeRooms > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
      if (calls.activeRooms > 0) log.warn({ rooms: calls.activeRooms }, 'drain() grace period over with calls still running');
      return calls.activeRooms;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (metricsHttp) await new Promise<void>((r) => metricsHttp.close(() => r()));
      await outbox.stop();
      await horizon.stop();
      await escalation.stop();
      await liveUpkeep.stop();
      await documentSweep.stop();
      await processing.close();
      liveSockets.close();
      sockets.close();
      media.close();
      await new Promise<void>((r) => io.close(() => r()));
      await db.destroy();
      store.client.destroy();
    },
  };
}

/** The separate metrics port's whole app: /metrics, and nothing else. */
function metricsHandlerApp(text: () => Promise<{ contentType: string; body: string }>) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(text, null));
  return app;
}
