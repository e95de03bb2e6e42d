import { AppError } from '@oac/shared';
import { requestIdFrom, withLogContext } from '../log-context';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { toAppError } from './errors';
import { assertSameOrigin, isSafeMethod, type OriginPolicy } from './origin';

export interface AppParts {
  routers: express.Router[];
  openApi: object;
  clientDist?: string;
  log: Logger;
  /** The reverse proxies whose X-Forwarded-For names the client; empty: the socket's own address. */
  trustProxy: string[];
  /** Where browser requests must come from. */
  origin: OriginPolicy;
  /** Send HSTS: the platform is served over https. */
  https: boolean;
  /** Where vulnerabilities are reported (a mailto: or https: URI). */
  securityContact: string;
  /** Counts and times every request; serves /metrics to a bearer of `token`, when one is set. */
  metrics?: { middleware: express.RequestHandler; token: string | null; text: () => Promise<{ contentType: string; body: string }> };
}

/** HSTS for half a year: long enough to matter, short enough to undo a mistake. */
const HSTS_MAX_AGE_SECONDS = 180 * 24 * 3600;

export function createApp({
  routers,
  openApi,
  clientDist,
  log,
  trustProxy,
  origin,
  https,
  securityContact,
  metrics,
}: AppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // First of all: every line logged while this request is served carries its id, which it echoes.
  app.use((req, res, next) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    withLogContext({ requestId }, next);
  });
  if (metrics) {
    app.use(metrics.middleware);
    const token = metrics.token;
    // Only to the bearer of the token; without one, /metrics is not served on this port at all.
    if (token) app.get('/metrics', metricsHandler(metrics.text, token));
  }
  // Only the configured proxies may say who the client is; anybody else's X-Forwarded-For is ignored.
  app.set('trust proxy', trustProxy.length > 0 ? trustProxy.join(',') : false);
  app.set('query parser', 'simple');
  // WebSockets only to this origin: CSP 3 lets 'self' match ws: and wss: of the page's own host.
  const connectSrc = ["'self'", ...(origin.publicOrigin ? [origin.publicOrigin.replace(/^http/, 'ws')] : [])];
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'connect-src': connectSrc,
          // pdf.js draws PDFs in a worker, a file of the platform's own (issue 16).
          'worker-src': ["'self'"],
          'media-src': ["'self'", 'blob:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': https ? [] : null,
        },
      },
      strictTransportSecurity: https ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
    }),
  );
  // Before any body is read: a state-changing request from another origin goes no further.
  app.use('/api', (req, _res, next) => {
    if (!isSafeMethod(req.method)) assertSameOrigin(req.headers, origin);
    next();
  });
  app.use('/api', express.json({ limit: '64kb', strict: true }));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  // RFC 9116: how to report a vulnerability. Expires must lie within a year; it is renewed on every read.
  app.get('/.well-known/security.txt', (_req, res) => {
    const expires = new Date(Date.now() + 180 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    res.type('text/plain').send(`Contact: ${securityContact}\nExpires: ${expires}\nPreferred-Languages: ca, es, en\n`);
  });
  for (const router of routers) app.use(router);
  app.use('/api', (_req, _res, next) => next(new AppError('not_found', 'There is no such API route.')));

  if (clientDist && existsSync(path.join(clientDist, 'index.html'))) {
    app.use(express.static(clientDist, { index: false, maxAge: '1h' }));
    // Every other GET is a page of the single-page client.
    app.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(clientDist, 'index.html'));
    });
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { error, kind } = toAppError(err);
    // For the metrics, which see only the status otherwise.
    res.locals.errorCode = error.code;
    if (kind === 'bug') log.error({ err, method: req.method, path: req.path }, 'request() failed');
    else if (kind === 'outage') log.warn({ code: error.code, cause: (err as Error)?.message, path: req.path }, 'request() failed');
    else log.debug({ code: error.code, path: req.path }, 'request() refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(error.status).json({ error: error.toBody() });
  });
  return app;
}

/** Serves the Prometheus text to a bearer of `token` (or to anyone when null: a port of its own). */
export function metricsHandler(text: () => Promise<{ contentType: string; body: string }>, token: string | null) {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (expected && (given.length !== expected.length || !timingSafeEqual(given, expected))) {
        res.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('unauthenticated\n');
        return;
      }
      const { contentType, body } = await text();
      res.set('Cache-Control', 'no-store').type(contentType).send(body);
    } catch (err) {
      next(err);
    }
  };
}
