import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import { toFailure, type Failure } from '../api/failure';
import type { Auth } from '../api/http';
import { fetchDocumentBlob } from './content';
import { openPdf } from './pdf';

/**
 * One version opened with pdf.js for as long as the component shows it: its bytes fetched with the
 * caller's credentials, the document destroyed when the component goes or the version changes.
 */
export function usePdfDocument(versionId: string, auth: Auth): { pdf: PDFDocumentProxy | null; failure: Failure | null } {
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const authKey = auth.kind === 'citizen' ? auth.token : auth.kind;
  useEffect(() => {
    let cancelled = false;
    let release = () => {};
    fetchDocumentBlob(versionId, auth)
      .then(openPdf)
      .then((opened) => {
        release = () => void opened.loadingTask.destroy();
        if (cancelled) release();
        else setPdf(opened);
      })
      .catch((error: unknown) => !cancelled && setFailure(toFailure(error)));
    return () => {
      cancelled = true;
      release();
    };
    // The credentials' identity, not the object's: a parent's re-render makes a new one each time.
  }, [versionId, authKey]);
  return { pdf, failure };
}
