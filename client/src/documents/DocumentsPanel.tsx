import type { DocumentInfo } from '@oac/shared';
import { useEffect, useState } from 'react';
import { downloadDocument } from '../api/download';
import { api } from '../api/endpoints';
import { toFailure, type Failure } from '../api/failure';
import type { Auth } from '../api/http';
import type { CallSession } from '../call/CallSession';
import { useI18n } from '../i18n/I18nProvider';
import { FailureNotice } from '../ui/FailureNotice';
import { Loading } from '../ui/Loading';
import { useLoad } from '../ui/useLoad';
import { DocumentItem } from './DocumentItem';
import { UploadField } from './UploadField';

interface DocumentsPanelProps {
  appointmentId: string;
  auth: Auth;
  /** Staff may stamp a citizen's PDF. */
  canStamp: boolean;
  /** Whether documents may still be sent (not once the appointment is over). Default true. */
  canUpload?: boolean;
  /** New documents from the other side arrive through the call. */
  session: CallSession | null;
}

/** Adds documents not yet listed, in the order they were created: the list reads like the call's record. */
function merge(current: DocumentInfo[], incoming: DocumentInfo[]): DocumentInfo[] {
  const known = new Set(current.map((d) => d.id));
  const added = incoming.filter((d) => !known.has(d.id));
  if (added.length === 0) return current;
  return [...current, ...added].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function DocumentsPanel({ appointmentId, auth, canStamp, canUpload = true, session }: DocumentsPanelProps) {
  const { t, failure: explain } = useI18n();
  const { state, reload } = useLoad((signal) => api.documents(appointmentId, auth, signal), appointmentId);
  const [docs, setDocs] = useState<DocumentInfo[]>([]);
  const [busy, setBusy] = useState<{ id: string; action: 'download' | 'stamp' } | null>(null);
  const [problem, setProblem] = useState<Failure | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (state.status === 'ready') setDocs((current) => merge(current, state.data));
  }, [state]);

  useEffect(
    () =>
      session?.on('documentAdded', (doc) => {
        if (doc.appointmentId !== appointmentId) return;
        setDocs((current) => merge(current, [doc]));
        setAnnouncement(t('documents.arrived', { name: doc.filename }));
      }),
    [session, appointmentId, t],
  );

  function added(doc: DocumentInfo, message: string): void {
    setDocs((current) => merge(current, [doc]));
    setProblem(null);
    setAnnouncement(message);
  }

  async function run(id: string, action: 'download' | 'stamp', work: () => Promise<void>): Promise<void> {
    setBusy({ id, action });
    try {
      await work();
      setProblem(null);
    } catch (error) {
      setProblem(toFailure(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="documents" aria-labelledby="documents-heading">
      <h2 id="documents-heading" className="documents__heading">
        {t('documents.heading')}
      </h2>
      {canUpload && (
        <UploadField
          appointmentId={appointmentId}
          auth={auth}
          onUploaded={(doc) => added(doc, t('documents.uploaded', { name: doc.filename }))}
          onFailed={setProblem}
        />
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {problem && (
        <div className="notice notice--error" role="alert">
          <p>{explain(problem.code)}</p>
        </div>
      )}
      {state.status === 'loading' && docs.length === 0 && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {state.status !== 'loading' && docs.length === 0 && <p className="muted">{t('documents.none')}</p>}
      {docs.length > 0 && (
        <ul className="doc-list">
          {docs.map((doc) => (
            <DocumentItem
              key={doc.id}
              doc={doc}
              canStamp={canStamp}
              stamped={docs.some((d) => d.kind === 'stamped' && d.sourceId === doc.id)}
              busy={busy?.id === doc.id ? busy.action : null}
              onDownload={() => void run(doc.id, 'download', () => downloadDocument(doc.id, doc.filename, auth))}
              onStamp={() =>
                void run(doc.id, 'stamp', async () => {
                  const stamped = await api.stamp(doc.id);
                  added(stamped, t('documents.stampedDone', { name: stamped.filename }));
                })
              }
            />
          ))}
        </ul>
      )}
    </section>
  );
}
