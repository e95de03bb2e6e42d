import { routes } from '@oac/shared';
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { register, type PrincipalResolver } from '../http/route';
import type { DocumentChecklist } from './checklist';
import type { DocumentIssuer } from './issuing';
import type { DocumentService } from './service';
import type { VerificationCodes } from './verification';

/** The office's work on documents, the checklist, deletion, and the public check of an issued document. */
export function issuingRoutes(
  parts: { docs: DocumentService; issuer: DocumentIssuer; checklist: DocumentChecklist; codes: VerificationCodes },
  resolve: PrincipalResolver,
): Router {
  const { docs, issuer, checklist, codes } = parts;
  const router = Router();
  register(router, routes.prepareDocument, resolve, ({ params, body, principal }) =>
    issuer.prepare(principal!, params.appointmentId, body),
  );
  register(router, routes.stampDocument, resolve, ({ params, principal }) => issuer.stamp(principal!, params.id));
  register(router, routes.requestSignature, resolve, ({ params, body, principal }) =>
    issuer.requestSignature(principal!, params.id, body.box),
  );
  register(router, routes.signDocument, resolve, ({ params, body, principal, req }) =>
    issuer.sign(principal!, params.id, body, req.ip ?? null),
  );
  register(router, routes.sealDocument, resolve, ({ params, principal }) => issuer.seal(principal!, params.id));
  register(router, routes.deleteDocument, resolve, ({ params, body, principal }) => docs.delete(principal!, params.id, body.reason));
  register(router, routes.documentChecklist, resolve, ({ params, principal }) => checklist.get(principal, params.appointmentId));
  register(router, routes.updateChecklistItem, resolve, ({ params, body, principal }) =>
    checklist.update(principal!, params.appointmentId, params.index, body.done, body.documentId ?? null),
  );
  register(router, routes.verifyDocument, resolve, ({ params, req }) => codes.verify(params.code, req.ip ?? 'unknown'));
  register(router, routes.verifyDocumentContent, resolve, async ({ params, req, res }) => {
    const { doc, body } = await codes.open(params.code, req.ip ?? 'unknown');
    res.status(200);
    res.setHeader('Content-Type', doc.content_type);
    res.setHeader('Content-Length', String(doc.size_bytes));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    await pipeline(body, res);
  });
  return router;
}
