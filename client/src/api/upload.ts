import { DocumentInfo, routes } from '@oac/shared';
import { fillPath } from '../router/match';
import { Failure, failureFromBody } from './failure';
import { authHeaders, type Auth } from './http';

export interface UploadHandle {
  done: Promise<DocumentInfo>;
  abort(): void;
}

/**
 * Uploads one file as multipart field `file`. XMLHttpRequest rather than fetch, because
 * only it reports upload progress, which a citizen on a slow line needs to see.
 */
export function uploadDocument(appointmentId: string, file: File, auth: Auth, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<DocumentInfo>((resolve, reject) => {
    xhr.open('POST', fillPath(routes.uploadDocument.path, { appointmentId }));
    for (const [name, value] of Object.entries(authHeaders(auth))) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let body: unknown;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(failureFromBody(xhr.status, body));
        return;
      }
      const parsed = DocumentInfo.safeParse(body);
      if (parsed.success) resolve(parsed.data);
      else {
        console.error('uploadDocument(): the answer does not match the protocol', parsed.error);
        reject(new Failure('unexpected_response', 'upload: response does not match its schema', xhr.status));
      }
    });
    xhr.addEventListener('error', () => reject(new Failure('network_error', 'upload: network error')));
    xhr.addEventListener('abort', () => reject(new DOMException('upload aborted', 'AbortError')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
