import { CallEvent, routes, type MediaStatus } from '@oac/shared';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/knex';

/*
 * Prometheus metrics (issue 17, §3), via prom-client. Counters and histograms are fed where things
 * happen (a request answered, a socket event, a booking, an offer); the gauges of what is stored
 * (the live queue, the mail outbox) and of the media worker are read when Prometheus scrapes, so
 * that every node reports the same shared figures and nothing is kept that could drift.
 */

const BOOKING_ROUTE = routes.book.path;
const KNOWN_EVENTS = new Set<string>(Object.values(CallEvent));
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsSources {
  db: Db;
  media: () => Promise<MediaStatus | null>;
  /** Open socket.io connections by namespace. */
  sockets: () => Record<string, number>;
}

export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'oac_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'oac_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly socketEvents = new Counter({
    name: 'oac_socket_events_total',
    help: 'Socket.io events received, by namespace and event',
    labelNames: ['namespace', 'event'] as const,
    registers: [this.registry],
  });
  readonly socketConnectionsTotal = new Counter({
    name: 'oac_socket_connections_total',
    help: 'Socket.io connections accepted, by namespace',
    labelNames: ['namespace'] as const,
    registers: [this.registry],
  });
  readonly bookings = new Counter({
    name: 'oac_bookings_total',
    help: 'Booking attempts by result: booked, or refused because the seat was taken (conflict) or for another reason',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly mailFailures = new Counter({
    name: 'oac_mail_failures_total',
    help: 'Mail sends that failed (each attempt), by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly joinSeconds = new Histogram({
    name: 'oac_call_join_seconds',
    help: 'Time from pressing Join (or being let in from the lobby) to the first remote video, as each browser reports it, by role and browser',
    labelNames: ['role', 'browser'] as const,
    buckets: [0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
    registers: [this.registry],
  });
  readonly offerSeconds = new Histogram({
    name: 'oac_live_offer_seconds',
    help: 'Time from a citizen in the live queue and a free clerk both being there to the offer, by queue',
    labelNames: ['queue'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly dependencyErrors = new Counter({
    name: 'oac_dependency_errors_total',
    help: 'Errors from PostgreSQL and S3, by dependency',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'oac_' });
    const { db, media, sockets } = sources;
    const registers = [this.registry];

    new Gauge({
      name: 'oac_socket_connections',
      help: 'Open socket.io connections on this node, by namespace',
      labelNames: ['namespace'] as const,
      registers,
      collect() {
        this.reset();
        for (const [namespace, n] of Object.entries(sockets())) this.set({ namespace }, n);
      },
    });
    new Gauge({
      name: 'oac_live_queue_length',
      help: 'Citizens waiting (or being offered) in each live queue, across every node',
      labelNames: ['queue'] as const,
      registers,
      async collect() {
        const { rows } = await db.raw<{ rows: { code: string; n: number }[] }>(
          `SELECT q.code, count(e.id)::int AS n FROM queues q
           LEFT JOIN queue_entries e ON e.queue_id = q.id AND e.status IN ('waiting', 'offered')
           GROUP BY q.code`,
        );
        this.reset();
        for (const r of rows) this.set({ queue: r.code }, r.n);
      },
    });
    new Gauge({
      name: 'oac_mail_outbox',
      help: 'Messages in the mail outbox, by status (pending and sending are the depth; failed gave up)',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        const { rows } = await db.raw<{ rows: { status: string; n: number }[] }>(
          `SELECT s.status, count(m.id)::int AS n
           FROM unnest(ARRAY['pending', 'sending', 'sent', 'failed', 'dropped']) AS s(status)
           LEFT JOIN mail_outbox m ON m.status = s.status GROUP BY s.status`,
        );
        this.reset();
        for (const r of rows) this.set({ status: r.status }, r.n);
      },
    });

    // The media worker's figures, read once per scrape and shared by its gauges.
    let pending: Promise<MediaStatus | null> | null = null;
    const mediaOnce = () => {
      pending ??= media()
        .catch(() => null)
        .finally(() => setTimeout(() => (pending = null), 0));
      return pending;
    };
    const perWorker = (name: string, help: string, pick: (w: MediaStatus['workers'][number]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['worker'] as const,
        registers,
        async collect() {
          const status = await mediaOnce();
          this.reset();
          for (const w of status?.workers ?? []) this.set({ worker: String(w.pid) }, pick(w));
        },
      });
    perWorker('oac_media_rooms', 'Rooms (routers) on each mediasoup worker', (w) => w.rooms);
    perWorker('oac_media_peers', 'Peers in the rooms of each mediasoup worker', (w) => w.peers);
    perWorker('oac_media_transports', 'WebRTC transports on each mediasoup worker', (w) => w.transports);
    perWorker('oac_media_producers', 'Producers on each mediasoup worker', (w) => w.producers);
    perWorker('oac_media_consumers', 'Consumers on each mediasoup worker', (w) => w.consumers);
    perWorker('oac_media_worker_cpu_seconds', 'CPU time used by each mediasoup worker (user and system)', (w) => w.cpuMs / 1000);
    new Gauge({
      name: 'oac_media_worker_deaths',
      help: 'mediasoup workers that died since the media worker started',
      registers,
      async collect() {
        const status = await mediaOnce();
        this.set(status?.workerDeaths ?? 0);
      },
    });
    new Gauge({
      name: 'oac_media_up',
      help: '1 while the media worker answers, else 0',
      registers,
      async collect() {
        this.set((await mediaOnce()) ? 1 : 0);
      },
    });
  }

  /**
   * Counts a socket's connection and each event it sends, by the protocol's own names: an event
   * the protocol does not know is counted as `unknown`, so that no client can make labels up.
   */
  socket(namespace: string, socket: { onAny(listener: (event: string) => void): void }): void {
    this.socketConnectionsTotal.inc({ namespace });
    socket.onAny((event) => this.socketEvents.inc({ namespace, event: KNOWN_EVENTS.has(event) ? event : 'unknown' }));
  }

  /** Counts and times every HTTP request by its route's pattern (never its ids), once answered. */
  http() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => {
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : req.path.startsWith('/api/') ? 'unmatched' : 'static';
        const labels = { method: req.method, route, status: String(res.statusCode) };
        this.httpRequests.inc(labels);
        end(labels);
        const code = res.locals.errorCode as string | undefined;
        if (code === 'database_unavailable') this.dependencyErrors.inc({ dependency: 'postgresql' });
        if (code === 'storage_unavailable') this.dependencyErrors.inc({ dependency: 's3' });
        if (req.method === 'POST' && route === BOOKING_ROUTE) {
          const result = res.statusCode === 201 ? 'booked' : code === 'slot_taken' ? 'conflict' : 'refused';
          this.bookings.inc({ result });
        }
      });
      next();
    };
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
