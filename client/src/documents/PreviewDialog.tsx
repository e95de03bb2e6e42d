import type { DocumentInfo } from '@oac/shared';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import { toFailure, type Failure } from '../api/failure';
import type { Auth } from '../api/http';
import { useI18n } from '../i18n/I18nProvider';
import { Loading } from '../ui/Loading';
import { fetchDocumentBlob } from './content';
import { Dialog } from './Dialog';
import { previewKind } from './group';
import { openPdf } from './pdf';
import { PdfViewer, type PdfViewerProps } from './PdfViewer';

export interface PreviewDialogProps {
  doc: DocumentInfo;
  auth: Auth;
  onClose(): void;
  onDownload(): void;
  /** Passed on to the PDF viewer: something drawn over the page (the signature box). */
  renderOverlay?: PdfViewerProps['renderOverlay'];
}

type Shown =
  { kind: 'loading' } | { kind: 'pdf'; pdf: PDFDocumentProxy } | { kind: 'image'; url: string } | { kind: 'failed'; failure: Failure };

/** A PDF in pdf.js, an image as itself, and for HEIC, which no browser draws, a way to download it. */
export function PreviewDialog({ doc, auth, onClose, onDownload, renderOverlay }: PreviewDialogProps) {
  const { t, failure: explain } = useI18n();
  const kind = previewKind(doc.contentType);
  const [shown, setShown] = useState<Shown>({ kind: 'loading' });

  useEffect(() => {
    if (kind !== 'pdf' && kind !== 'image') return;
    let cancelled = false;
    let release = () => {};
    fetchDocumentBlob(doc.id, auth)
      .then(async (blob) => {
        if (cancelled) return;
        if (kind === 'image') {
          const url = URL.createObjectURL(blob);
          release = () => URL.revokeObjectURL(url);
          setShown({ kind: 'image', url });
          return;
        }
        const pdf = await openPdf(blob);
        release = () => void pdf.loadingTask.destroy();
        if (cancelled) release();
        else setShown({ kind: 'pdf', pdf });
      })
      .catch((error: unknown) => !cancelled && setShown({ kind: 'failed', failure: toFailure(error) }));
    return () => {
      cancelled = true;
      release();
    };
    // The auth object may be rebuilt on every render of the page; the version's id is what matters.
  }, [doc.id, kind]);

  return (
    <Dialog title={t('documents.preview.title', { name: doc.filename })} onClose={onClose} size="viewer" testId="preview-dialog">
      {kind === 'heic' || kind === 'none' ? (
        <div className="preview__none" data-testid="preview-unavailable">
          <p>{t(kind === 'heic' ? 'documents.preview.heic' : 'documents.preview.none')}</p>
          <button type="button" className="button button--primary" onClick={onDownload}>
            {t('documents.download')}
            <span className="visually-hidden"> {doc.filename}</span>
          </button>
        </div>
      ) : shown.kind === 'loading' ? (
        <Loading />
      ) : shown.kind === 'failed' ? (
        <div className="notice notice--error" role="alert">
          <p>{explain(shown.failure.code)}</p>
        </div>
      ) : shown.kind === 'image' ? (
        <div className="preview__image-box">
          <img className="preview__image" src={shown.url} alt={doc.filename} data-testid="preview-image" />
        </div>
      ) : (
        <PdfViewer pdf={shown.pdf} renderOverlay={renderOverlay} />
      )}
    </Dialog>
  );
}
