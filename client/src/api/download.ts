import { authHeaders, routeUrl, type Auth } from './http';
import { failureFromBody, toFailure } from './failure';

/**
 * Downloads a document with the caller's credentials. A plain link cannot carry the
 * citizen's bearer token, so the bytes are fetched and handed to the browser as a blob.
 */
export function downloadDocument(documentId: string, filename: string, auth: Auth): Promise<void> {
  return download(routeUrl('documentContent', { params: { id: documentId } }), filename, auth);
}

/** The appointment as an .ics file, for the citizen's calendar. */
export function downloadCalendar(token: string, filename: string): Promise<void> {
  return download(routeUrl('appointmentCalendar', {}), filename, { kind: 'citizen', token });
}

async function download(url: string, filename: string, auth: Auth): Promise<void> {
  saveBlob(await fetchBlob(url, auth), filename);
}

/** A file's bytes with the caller's credentials; a refusal becomes the failure its body names. */
export async function fetchBlob(url: string, auth: Auth): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url, { headers: authHeaders(auth), credentials: 'same-origin' });
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

/** Hands bytes to the browser as a file download. */
export function saveBlob(blob: Blob, filename: string): void {
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start reading the blob before it is released.
  window.setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}
