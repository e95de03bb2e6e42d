import type { DocumentInfo, PageBox, SignDocumentRequest } from '@oac/shared';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints';
import { toFailure, type Failure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';
import { Loading } from '../ui/Loading';
import { usePdfDocument } from './usePdfDocument';
import { Dialog } from './Dialog';
import { PdfViewer } from './PdfViewer';
import { SignaturePad } from './SignaturePad';

export interface SignRequestsProps {
  /** The appointment's documents, every version: those with a pending request get a banner. */
  documents: readonly DocumentInfo[];
  /** The citizen's private token. */
  token: string;
  /** The citizen's name, offered for a typed signature. */
  citizenName?: string;
  /** The signed version, once the server has stored it. */
  onSigned(signed: DocumentInfo): void;
}

/** A banner for each document the clerk asked the citizen to sign, and the dialog to do it. */
export function SignRequests({ documents, token, citizenName, onSigned }: SignRequestsProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState<DocumentInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const pending = documents.filter((d) => d.signatureRequest && !d.deleted);

  return (
    <div className="sign-requests" data-testid="sign-requests">
      {pending.map((doc) => (
        <div key={doc.id} className="notice sign-request" data-testid="sign-request" data-version-id={doc.id}>
          <p>{t('sign.banner', { name: doc.filename })}</p>
          <button type="button" className="button button--primary" data-testid="sign-open" onClick={() => setOpen(doc)}>
            {t('sign.open')}
            <span className="visually-hidden"> {doc.filename}</span>
          </button>
        </div>
      ))}
      {/* Always present, so the "Signed" that fills it is announced. */}
      <p className="visually-hidden" role="status" data-testid="sign-done">
        {done}
      </p>
      {done && (
        <p className="notice notice--success sign-requests__done" data-testid="sign-done-visible">
          {done}
        </p>
      )}
      {open && (
        <SignDialog
          doc={open}
          token={token}
          citizenName={citizenName}
          onClose={() => setOpen(null)}
          onSigned={(signed) => {
            setOpen(null);
            setDone(t('sign.signed', { name: open.filename }));
            onSigned(signed);
          }}
        />
      )}
    </div>
  );
}

export interface SignDialogProps {
  doc: DocumentInfo;
  token: string;
  citizenName?: string;
  onClose(): void;
  onSigned(signed: DocumentInfo): void;
}

/** The page the clerk chose, with the box drawn where the signature will go, then the pad. */
export function SignDialog({ doc, token, citizenName, onClose, onSigned }: SignDialogProps) {
  const { t, failure: explain } = useI18n();
  const box = doc.signatureRequest?.box ?? null;
  const { pdf, failure: loadFailure } = usePdfDocument(doc.id, { kind: 'citizen', token });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function sign(request: SignDocumentRequest): Promise<void> {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      onSigned(await api.signDocument(doc.id, token, request));
    } catch (error) {
      setFailure(toFailure(error));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('sign.dialogTitle', { name: doc.filename })} onClose={onClose} size="viewer" testId="sign-dialog">
      <div className="sign-dialog">
        {box && <p className="sign-dialog__hint">{t('sign.boxHint', { page: box.page + 1 })}</p>}
        <div className="sign-dialog__page">
          {loadFailure ? (
            <div className="notice notice--error" role="alert">
              <p>{explain(loadFailure.code)}</p>
            </div>
          ) : pdf ? (
            <PdfViewer
              pdf={pdf}
              initialPage={box?.page ?? 0}
              renderOverlay={(page) => box && page.index === box.page && <BoxHighlight box={box} />}
            />
          ) : (
            <Loading />
          )}
        </div>
        <div className="sign-dialog__pad">
          {failure && (
            <div className="notice notice--error" role="alert" data-testid="sign-failure" data-code={failure.code}>
              <p>{explain(failure.code)}</p>
            </div>
          )}
          <SignaturePad busy={busy} defaultName={citizenName} onSign={(request) => void sign(request)} />
        </div>
      </div>
    </Dialog>
  );
}

/** The clerk's box on the page, at its fractions, so the citizen sees where the signature lands. */
export function BoxHighlight({ box, label }: { box: PageBox; label?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  // The box is often at the foot of the page: bring it into the viewer, where the citizen looks.
  // In braces: Chromium's scrollIntoView returns a promise, which React would take for a cleanup.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [box.page, box.x, box.y]);
  return (
    <div
      ref={ref}
      className="signature-box signature-box--highlight"
      data-testid="signature-box-highlight"
      style={{ left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.width * 100}%`, height: `${box.height * 100}%` }}
    >
      <span className="signature-box__label">{label ?? t('sign.box')}</span>
    </div>
  );
}
