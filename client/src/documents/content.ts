import { failureFromBody, toFailure } from '../api/failure';
import { authHeaders, routeUrl, type Auth } from '../api/http';

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

async function load(versionId: string, auth: Auth): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(routeUrl('documentContent', { params: { id: versionId } }), {
      headers: authHeaders(auth),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw toFailure(error);
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: the status alone will do.
    }
    throw failureFromBody(response.status, body);
  }
  return response.blob();
}
