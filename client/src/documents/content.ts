import { fetchBlob } from '../api/download';
import { routeUrl, type Auth } from '../api/http';

/**
 * A version's bytes never change (a change is a new version), so the thumbnail's fetch serves the
 * preview too. Only a few are kept: a document may weigh 25 MB.
 */
const KEEP = 4;
const cache = new Map<string, Promise<Blob>>();

/** The bytes of one version, with the caller's credentials, as downloads fetch them. */
export function fetchDocumentBlob(versionId: string, auth: Auth): Promise<Blob> {
  const known = cache.get(versionId);
  if (known) {
    // Most recently used last, so the oldest is the one dropped.
    cache.delete(versionId);
    cache.set(versionId, known);
    return known;
  }
  const loading = load(versionId, auth);
  cache.set(versionId, loading);
  loading.catch(() => cache.delete(versionId));
  while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return loading;
}

/** Fetched to be shown in the page: the audit trail records a view, not a download. */
function load(versionId: string, auth: Auth): Promise<Blob> {
  return fetchBlob(routeUrl('documentContent', { params: { id: versionId }, query: { disposition: 'inline' } }), auth);
}
