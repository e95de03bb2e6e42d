import { AppError } from '@oac/shared';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { toAppError } from './errors';

export interface AppParts {
  routers: express.Router[];
  openApi: object;
  clientDist?: string;
  log: Logger;
}

export function createApp({ routers, openApi, clientDist, log }: AppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'media-src': ["'self'", 'blob:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );
  app.use('/api', express.json({ limit: '64kb', strict: true }));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
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
    const { error, unexpected } = toAppError(err);
    if (unexpected) log.error({ err, method: req.method, path: req.path }, 'request() failed');
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
