import type { DocumentInfo } from '@oac/shared';

/** One document as the panel shows it: its versions together, the newest one standing for it. */
export interface DocumentGroup {
  documentId: string;
  /** The newest version: what "the document" means to a person. */
  latest: DocumentInfo;
  /** Every version, oldest first. */
  versions: DocumentInfo[];
  /** Deletion takes every version with it, so a deleted newest version means a deleted document. */
  deleted: boolean;
}

/**
 * Adds versions not yet known and replaces the ones that changed (a deletion turns a version into
 * its tombstone under the same id), in the order they were created: the list reads like the record.
 */
export function mergeVersions(current: readonly DocumentInfo[], incoming: readonly DocumentInfo[]): DocumentInfo[] {
  if (incoming.length === 0) return current as DocumentInfo[];
  const byId = new Map(current.map((d) => [d.id, d]));
  let changed = false;
  for (const doc of incoming) {
    const known = byId.get(doc.id);
    if (known && sameVersion(known, doc)) continue;
    byId.set(doc.id, doc);
    changed = true;
  }
  if (!changed) return current as DocumentInfo[];
  return [...byId.values()].sort(byCreation);
}

/** Groups versions by lineage, documents in the order their first version arrived. */
export function groupDocuments(docs: readonly DocumentInfo[]): DocumentGroup[] {
  const groups = new Map<string, DocumentInfo[]>();
  for (const doc of [...docs].sort(byCreation)) {
    const list = groups.get(doc.documentId);
    if (list) list.push(doc);
    else groups.set(doc.documentId, [doc]);
  }
  return [...groups.entries()].map(([documentId, versions]) => {
    versions.sort((a, b) => a.version - b.version);
    const latest = versions[versions.length - 1]!;
    return { documentId, latest, versions, deleted: latest.deleted !== null };
  });
}

function byCreation(a: DocumentInfo, b: DocumentInfo): number {
  return a.createdAt.localeCompare(b.createdAt) || a.version - b.version;
}

/** A version's row changes only by being deleted or by a signature request coming or going. */
function sameVersion(a: DocumentInfo, b: DocumentInfo): boolean {
  return (
    (a.deleted?.at ?? null) === (b.deleted?.at ?? null) &&
    (a.signatureRequest?.id ?? null) === (b.signatureRequest?.id ?? null) &&
    (a.signature?.signedAt ?? null) === (b.signature?.signedAt ?? null) &&
    a.verificationCode === b.verificationCode
  );
}

export type PreviewKind = 'pdf' | 'image' | 'heic' | 'none';

/** What a browser can show of a file: pdf.js for a PDF, an <img> for PNG and JPEG, nothing for HEIC. */
export function previewKind(contentType: string): PreviewKind {
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType === 'image/png' || contentType === 'image/jpeg') return 'image';
  if (contentType === 'image/heic' || contentType === 'image/heif') return 'heic';
  return 'none';
}

/** The short label of a file type, shown on its icon. */
export function typeLabel(contentType: string): string {
  const labels: Record<string, string> = {
    'application/pdf': 'PDF',
    'image/png': 'PNG',
    'image/jpeg': 'JPEG',
    'image/heic': 'HEIC',
    'image/heif': 'HEIF',
  };
  return labels[contentType] ?? (contentType.split('/')[1] ?? contentType).toUpperCase();
}
