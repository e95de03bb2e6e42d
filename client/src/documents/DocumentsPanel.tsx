import type { DocumentInfo } from '@oac/shared';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { downloadDocument } from '../api/download';
import { api } from '../api/endpoints';
import { toFailure, type Failure } from '../api/failure';
import type { Auth } from '../api/http';
import type { CallSession } from '../call/CallSession';
import { useI18n } from '../i18n/I18nProvider';
import { FailureNotice } from '../ui/FailureNotice';
import { Loading } from '../ui/Loading';
import { useLoad } from '../ui/useLoad';
import { DeleteDialog } from './DeleteDialog';
import { DocumentItem, type DocumentAction } from './DocumentItem';
import { groupDocuments, mergeVersions, type DocumentGroup } from './group';
import type { PageGeometry } from './PdfViewer';
import { PreviewDialog } from './PreviewDialog';
import { UploadField } from './UploadField';
import { ChecklistPanel, IssueMenu, PrepareDocument, SignRequests } from './issuing';
import { useArrivals } from './useArrivals';

/** What a feature built around the panel (signing, the checklist) gets to work on one document. */
export interface DocumentSlotContext {
  group: DocumentGroup;
  /** Puts a version the feature obtained (a signed or sealed one) into the list, announced. */
  addVersion(doc: DocumentInfo): void;
  /** Opens the viewer on a version. */
  preview(version: DocumentInfo): void;
}

interface DocumentsPanelProps {
  appointmentId: string;
  auth: Auth;
  /** Staff may stamp a citizen's PDF. */
  canStamp: boolean;
  /** A clerk may delete a document with a reason; never a citizen, nor an admin, who only reads. */
  canDelete?: boolean;
  /** Whether documents may still be sent (not once the appointment is over). Default true. */
  canUpload?: boolean;
  /** New documents from the other side arrive through the call. */
  session: CallSession | null;
  /** More actions for each document, after the panel's own. */
  renderActions?: (context: DocumentSlotContext) => ReactNode;
  /** Drawn over the viewer's page, sized to it: where the clerk places a signature box. */
  renderPageOverlay?: (version: DocumentInfo, page: PageGeometry) => ReactNode;
  /**
   * The clerk's document work: the procedure's checklist to tick, "Prepare a document", and per
   * document stamp, ask for a signature and seal. A citizen gets the checklist to read and the
   * requests to sign instead.
   */
  issuing?: boolean;
  /** The citizen's name, offered for a typed signature. */
  citizenName?: string;
}

/** Another side's changes (a version, a deletion) show within this long even without a call's socket. */
const REFRESH_MS = 20_000;

export function DocumentsPanel(props: DocumentsPanelProps) {
  const {
    appointmentId,
    auth,
    canStamp,
    canDelete = false,
    canUpload = true,
    session,
    renderPageOverlay,
    issuing = false,
    citizenName,
  } = props;
  // The row's own Stamp button stays; the issuing menu adds the signature request and the seal.
  const renderActions =
    props.renderActions ??
    (issuing
      ? ({ group }: DocumentSlotContext) => <IssueMenu doc={group.latest} stamp={!canStamp} onIssued={(doc) => take([doc])} />
      : undefined);
  const { t, failure: explain } = useI18n();
  const { state, reload } = useLoad((signal) => api.documents(appointmentId, auth, signal), appointmentId);
  const [docs, setDocs] = useState<DocumentInfo[]>([]);
  const known = useRef(new Set<string>());
  const [busy, setBusy] = useState<{ id: string; action: DocumentAction } | null>(null);
  const [problem, setProblem] = useState<Failure | null>(null);
  const [previewing, setPreviewing] = useState<DocumentInfo | null>(null);
  const [deleting, setDeleting] = useState<DocumentGroup | null>(null);
  const arrivals = useArrivals();
  const list = useRef<HTMLUListElement>(null);
  const authRef = useRef(auth);
  authRef.current = auth;

  const current = useRef(docs);
  current.current = docs;

  /** Merges versions; those not seen before, and deletions, are announced and highlighted unless `quiet`. */
  function take(incoming: DocumentInfo[], how: { quiet?: boolean; message?: string } = {}): void {
    const before = current.current;
    const fresh = incoming.filter((d) => !known.current.has(d.id));
    const nowDeleted = incoming.filter((d) => d.deleted && before.some((b) => b.id === d.id && !b.deleted));
    for (const d of incoming) known.current.add(d.id);
    setDocs((list) => mergeVersions(list, incoming));
    if (how.quiet) return;
    const touched = [...new Set([...fresh, ...nowDeleted].map((d) => d.documentId))];
    if (how.message) {
      arrivals.announce(how.message, touched);
      return;
    }
    const last = fresh[fresh.length - 1];
    if (last) {
      const lineageKnown = before.some((d) => d.documentId === last.documentId);
      arrivals.announce(
        lineageKnown || last.version > 1
          ? t('documents.newVersion', { name: last.filename, kind: t(`documents.kind.${last.kind}`) })
          : t('documents.arrived', { name: last.filename }),
        touched,
      );
    } else if (nowDeleted[0]) {
      arrivals.announce(t('documents.deletedElsewhere', { name: nowDeleted[0].filename, by: nowDeleted[0].deleted!.byName }), touched);
    }
  }

  // Handlers that outlive a render (the socket's, the timer's) call the latest `take`, with the page's current language.
  const takeLatest = useRef(take);
  takeLatest.current = take;

  // The first list is what was already there: news is what comes after it.
  const listedOnce = useRef(false);
  useEffect(() => {
    if (state.status !== 'ready') return;
    take(state.data, { quiet: !listedOnce.current });
    listedOnce.current = true;
    // `take` reads the latest state through refs and setters; the load's result is the trigger.
  }, [state]);

  useEffect(
    () =>
      session?.on('documentAdded', (doc) => {
        if (doc.appointmentId === appointmentId) takeLatest.current([doc]);
      }),
    [session, appointmentId],
  );

  // Deletions and versions made elsewhere have no event of their own: read the list again now and then.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      api.documents(appointmentId, authRef.current).then(
        (list) => takeLatest.current(list),
        () => undefined,
      );
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [appointmentId]);

  async function run(id: string, action: DocumentAction, work: () => Promise<void>): Promise<void> {
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

  const download = (version: DocumentInfo) => void run(version.id, 'download', () => downloadDocument(version.id, version.filename, auth));
  const groups = useMemo(() => groupDocuments(docs), [docs]);

  return (
    <section className="documents" aria-labelledby="documents-heading" data-testid="documents-panel">
      <h2 id="documents-heading" className="documents__heading">
        {t('documents.heading')}
      </h2>
      {canUpload && (
        <UploadField
          appointmentId={appointmentId}
          auth={auth}
          onStarted={() => setProblem(null)}
          onUploaded={(doc) => {
            setProblem(null);
            take([doc], { message: t('documents.uploaded', { name: doc.filename }) });
          }}
          onFailed={setProblem}
          onCancelled={(name) => arrivals.announce(t('documents.uploadCancelled', { name }), [])}
        />
      )}
      {auth.kind === 'citizen' && (
        <SignRequests documents={docs} token={auth.token} citizenName={citizenName} onSigned={(doc) => take([doc])} />
      )}
      {(issuing || auth.kind === 'citizen') && (
        <ChecklistPanel appointmentId={appointmentId} auth={auth} documents={docs} refreshKey={docs.length} />
      )}
      {issuing && <PrepareDocument appointmentId={appointmentId} onPrepared={(doc) => take([doc])} />}
      {/* Visible to everybody, and read out: a document arriving is news to both. */}
      <div className="documents__status" role="status" data-testid="documents-status">
        {arrivals.message && (
          <p className="documents__toast" key={arrivals.message.key} data-testid="documents-toast">
            {arrivals.message.text}
          </p>
        )}
      </div>
      {problem && (
        <div className="notice notice--error" role="alert" data-testid="documents-error">
          <p>{explain(problem.code)}</p>
        </div>
      )}
      {state.status === 'loading' && docs.length === 0 && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {state.status !== 'loading' && docs.length === 0 && <p className="muted">{t('documents.none')}</p>}
      {groups.length > 0 && (
        <ul className="doc-list" ref={list}>
          {groups.map((group) => (
            <DocumentItem
              key={group.documentId}
              group={group}
              auth={auth}
              canStamp={canStamp}
              canDelete={canDelete}
              highlighted={arrivals.highlighted.has(group.documentId)}
              busy={busy}
              onDownload={download}
              onPreview={setPreviewing}
              onStamp={(version) =>
                void run(version.id, 'stamp', async () => {
                  const stamped = await api.stamp(version.id);
                  take([stamped], { message: t('documents.stampedDone', { name: stamped.filename }) });
                })
              }
              onDelete={() => setDeleting(group)}
              actions={renderActions?.({ group, addVersion: (doc) => take([doc]), preview: setPreviewing })}
            />
          ))}
        </ul>
      )}
      {previewing && (
        <PreviewDialog
          doc={previewing}
          auth={auth}
          onClose={() => setPreviewing(null)}
          onDownload={() => download(previewing)}
          renderOverlay={renderPageOverlay ? (page) => renderPageOverlay(previewing, page) : undefined}
        />
      )}
      {deleting && (
        <DeleteDialog
          filename={deleting.latest.filename}
          onClose={() => setDeleting(null)}
          // The Delete button went with the document: the tombstone that replaced it takes the focus.
          fallbackFocus={() =>
            list.current?.querySelector<HTMLElement>(`[data-document-id="${deleting.documentId}"] .doc__tombstone`) ?? null
          }
          onConfirm={async (reason) => {
            const versions = await api.deleteDocument(deleting.documentId, reason);
            take(versions, { message: t('documents.deleted', { name: deleting.latest.filename }) });
            setDeleting(null);
          }}
        />
      )}
    </section>
  );
}
