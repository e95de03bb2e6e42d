import { AppError, routes } from '@oac/shared';
import { Router, type Request, type Response } from 'express';
import multer, { MulterError } from 'multer';
import { pipeline } from 'node:stream/promises';
import { register, type PrincipalResolver } from '../http/route';
import type { ObjectStore } from '../storage/object-store';
import { logger } from '../logger';
import { s3StorageEngine, type StoredFile, type UploadScanner } from './s3-storage-engine';
import type { DocumentService } from './service';

// Room for the multipart framing around the file itself.
const MULTIPART_OVERHEAD = 64 * 1024;

export function documentRoutes(
  docs: DocumentService,
  store: ObjectStore,
  resolve: PrincipalResolver,
  maxBytes: number,
  scan?: UploadScanner,
): Router {
  const router = Router();
  const upload = multer({
    storage: s3StorageEngine(store, (req) => `appointments/${req.params.appointmentId}`, logger('documents'), scan),
    limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 50 },
    defParamCharset: 'utf8',
  }).single('file');

  register(router, routes.listDocuments, resolve, ({ params, principal }) => docs.list(principal, params.appointmentId));

  register(router, routes.uploadDocument, resolve, async ({ params, principal, req, res }) => {
    // Check who is asking, and refuse an oversized body, before reading a byte of it.
    const appt = await docs.assertAppointment(principal, params.appointmentId, 'upload_documents');
    const declared = Number(req.headers['content-length'] ?? 0);
    await docs.assertRoom(appt, declared);
    if (declared > maxBytes + MULTIPART_OVERHEAD) {
      res.setHeader('Connection', 'close');
      throw new AppError('payload_too_large', 'The file is larger than the limit.', { maxBytes });
    }
    if (!req.is('multipart/form-data')) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data.');
    await runMiddleware(upload, req, res);
    const file = req.file as (Express.Multer.File & StoredFile) | undefined;
    if (!file) throw new AppError('validation_error', 'Attach a file in the field "file".', [{ path: 'file', code: 'required' }]);
    return docs.recordUpload(principal!, appt, file, file.originalname);
  });

  register(router, routes.documentContent, resolve, async ({ params, query, principal, res }) => {
    const { doc, body } = await docs.openContent(principal, params.id, query.disposition);
    res.status(200);
    res.setHeader('Content-Type', doc.content_type);
    res.setHeader('Content-Length', String(doc.size_bytes));
    res.setHeader('Content-Disposition', `${query.disposition}; filename*=UTF-8''${encodeURIComponent(doc.filename)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    await pipeline(body, res);
  });

  return router;
}

/** Runs multer; a body it cannot parse (busboy's plain errors) is the caller's fault, not ours. */
function runMiddleware(
  mw: (req: Request, res: Response, next: (err?: unknown) => void) => void,
  req: Request,
  res: Response,
): Promise<void> {
  return new Promise((resolve, reject) =>
    mw(req, res, (err) => {
      if (!err) return resolve();
      if (err instanceof AppError || err instanceof MulterError) return reject(err);
      reject(new AppError('validation_error', 'The upload could not be read. Please try again.'));
    }),
  );
}
