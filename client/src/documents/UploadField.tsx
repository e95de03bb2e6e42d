import { ACCEPTED_UPLOAD_TYPES, MAX_UPLOAD_BYTES, type DocumentInfo } from '@oac/shared';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { Failure, toFailure } from '../api/failure';
import { isAbort, type Auth } from '../api/http';
import { uploadDocument, type UploadHandle } from '../api/upload';
import { useI18n } from '../i18n/I18nProvider';

interface UploadFieldProps {
  appointmentId: string;
  auth: Auth;
  /** A new upload begins: an earlier upload's error no longer applies. */
  onStarted(): void;
  onUploaded(doc: DocumentInfo): void;
  onFailed(failure: Failure): void;
  onCancelled(name: string): void;
}

// HEIC is what iPhones take photos in; the server decides from the bytes whether it takes it.
const ACCEPT = [...ACCEPTED_UPLOAD_TYPES, '.pdf', '.png', '.jpg', '.jpeg', '.heic', 'image/heic'].join(',');
const ACCEPTED = new Set<string>([...ACCEPTED_UPLOAD_TYPES, 'image/heic', 'image/heif']);

export function UploadField({ appointmentId, auth, onStarted, onUploaded, onFailed, onCancelled }: UploadFieldProps) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const handle = useRef<UploadHandle | null>(null);
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);

  // Leaving the page (or the call) while sending stops the upload rather than finishing it unseen.
  useEffect(() => () => handle.current?.abort(), []);

  async function upload(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    if (!file) return;
    onStarted();
    // Cheap checks first, so nobody waits for 25 MB to travel only to be refused. The server
    // still decides the type from the bytes themselves.
    const early =
      file.size > MAX_UPLOAD_BYTES
        ? new Failure('payload_too_large', `${file.size} bytes`)
        : file.type !== '' && !ACCEPTED.has(file.type)
          ? new Failure('unsupported_media_type', file.type)
          : null;
    if (early) {
      onFailed(early);
      if (input.current) input.current.value = '';
      return;
    }
    setProgress({ name: file.name, fraction: 0 });
    try {
      handle.current = uploadDocument(appointmentId, file, auth, (fraction) => setProgress({ name: file.name, fraction }));
      onUploaded(await handle.current.done);
    } catch (error) {
      if (isAbort(error)) onCancelled(file.name);
      else onFailed(toFailure(error));
    } finally {
      handle.current = null;
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  }

  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  return (
    <div className="upload">
      <h3 className="upload__label" id="document-upload-title">
        {t('documents.add')}
      </h3>
      <p className="upload__hint" id="document-upload-hint">
        {t('documents.addHint', { size: Math.round(MAX_UPLOAD_BYTES / (1024 * 1024)) })}
      </p>
      {/* The native control speaks the browser's language, not the page's: it stays focusable
          and clickable but is drawn by the label, which names it in the reader's language. */}
      <input
        ref={input}
        id="document-upload"
        className="upload__input visually-hidden"
        type="file"
        accept={ACCEPT}
        data-testid="document-upload-input"
        aria-labelledby="document-upload-title"
        aria-describedby="document-upload-hint"
        disabled={progress !== null}
        onChange={(event) => void upload(event)}
      />
      <label htmlFor="document-upload" className="button button--secondary upload__button" aria-disabled={progress !== null}>
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
          <path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9" />
        </svg>
        {t('documents.choose')}
      </label>
      {progress && (
        <div className="upload__progress" data-testid="upload-progress" data-percent={percent}>
          <label htmlFor="document-upload-progress">
            {percent < 100
              ? t('documents.uploading', { name: progress.name, percent })
              : t('documents.processing', { name: progress.name })}
          </label>
          <div className="upload__bar">
            <progress id="document-upload-progress" max={100} value={percent}>
              {percent}%
            </progress>
            <span className="upload__percent" aria-hidden="true">
              {percent}%
            </span>
            <button
              type="button"
              className="button button--secondary button--small"
              data-testid="upload-cancel"
              onClick={() => handle.current?.abort()}
            >
              {t('documents.cancelUpload')}
              <span className="visually-hidden"> {progress.name}</span>
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
