import type { DocumentInfo } from '@oac/shared';
import type { ReactNode } from 'react';
import type { Auth } from '../api/http';
import { useI18n } from '../i18n/I18nProvider';
import { typeLabel, type DocumentGroup } from './group';
import { authorLine } from './labels';
import { Thumbnail } from './Thumbnail';
import { VersionList } from './VersionList';

export type DocumentAction = 'download' | 'stamp';

interface DocumentItemProps {
  group: DocumentGroup;
  auth: Auth;
  canStamp: boolean;
  canDelete: boolean;
  /** Just arrived: drawn out for a few seconds so the eye finds it. */
  highlighted: boolean;
  /** Which version is busy doing what, if any. */
  busy: { id: string; action: DocumentAction } | null;
  onDownload(version: DocumentInfo): void;
  onPreview(version: DocumentInfo): void;
  onStamp(version: DocumentInfo): void;
  onDelete(): void;
  /** More actions on this document, from features built around the panel (signing, the checklist). */
  actions?: ReactNode;
}

export function DocumentItem(props: DocumentItemProps) {
  const { group, auth, canStamp, canDelete, highlighted, busy, actions } = props;
  const { t, fmt } = useI18n();
  const doc = group.latest;
  const first = group.versions[0]!;
  // Any version but a sealed one: a photo is stamped as a PDF; a HEIC photo cannot be put on a page.
  const stampable = canStamp && !group.deleted && doc.kind !== 'sealed' && doc.contentType !== 'image/heic';
  const busyHere = busy?.id === doc.id ? busy.action : null;
  const classes = ['doc', `doc--${doc.kind}`, group.deleted ? 'doc--deleted' : '', highlighted ? 'doc--new' : ''].filter(Boolean).join(' ');

  return (
    <li
      className={classes}
      data-testid="document-item"
      data-kind={doc.kind}
      data-document-id={group.documentId}
      data-version-id={doc.id}
      data-deleted={group.deleted}
      data-highlighted={highlighted}
    >
      <div className="doc__main">
        {group.deleted ? (
          <span className="doc-thumb doc-thumb--deleted" aria-hidden="true">
            <span className="doc-thumb__type">{typeLabel(doc.contentType)}</span>
          </span>
        ) : (
          // The thumbnail opens the preview for a pointer; keyboards and readers use the Preview button.
          <span className="doc__thumb-link" onClick={() => props.onPreview(doc)}>
            <Thumbnail key={doc.id} doc={doc} auth={auth} />
          </span>
        )}
        <div className="doc__body">
          <div className="doc__head">
            <span className="doc__name">{doc.filename}</span>
            {doc.kind !== 'upload' && <span className={`badge badge--${doc.kind}`}>{t(`documents.kind.${doc.kind}`)}</span>}
            {doc.flags.map((flag) => (
              <span key={flag} className="badge badge--warning" data-testid="document-flag">
                {t(`documents.flag.${flag}`)}
              </span>
            ))}
          </div>
          <p className="doc__meta">
            <span className="visually-hidden">{typeLabel(doc.contentType)}, </span>
            {fmt.bytes(doc.sizeBytes)} · {authorLine(t, doc)} · <time dateTime={doc.createdAt}>{fmt.time(doc.createdAt)}</time>
            {doc.pages !== null && doc.pages > 0 && <> · {t('documents.pages', { count: doc.pages })}</>}
          </p>
          {group.deleted && doc.deleted && (
            <p className="doc__tombstone" data-testid="document-tombstone" tabIndex={-1}>
              {t('documents.deletedBy', { name: doc.deleted.byName, date: fmt.dateTime(doc.deleted.at), reason: doc.deleted.reason })}
            </p>
          )}
          {first !== doc && first.filename !== doc.filename && <p className="doc__note">{t('documents.from', { name: first.filename })}</p>}
        </div>
      </div>
      {!group.deleted && (
        <div className="doc__actions">
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="preview-button"
            onClick={() => props.onPreview(doc)}
          >
            {t('documents.preview')}
            <span className="visually-hidden"> {doc.filename}</span>
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="download-button"
            aria-disabled={busyHere === 'download'}
            onClick={() => busyHere !== 'download' && props.onDownload(doc)}
          >
            {busyHere === 'download' ? t('documents.downloading') : t('documents.download')}
            <span className="visually-hidden"> {doc.filename}</span>
          </button>
          {stampable && (
            <button
              type="button"
              className="button button--primary button--small"
              data-testid="stamp-button"
              aria-disabled={busyHere === 'stamp'}
              onClick={() => busyHere !== 'stamp' && props.onStamp(doc)}
            >
              {busyHere === 'stamp' ? t('documents.stamping') : t('documents.stamp')}
              <span className="visually-hidden"> {doc.filename}</span>
            </button>
          )}
          {actions}
          {canDelete && (
            <button
              type="button"
              className="button button--secondary button--small doc__delete"
              data-testid="delete-button"
              onClick={props.onDelete}
            >
              {t('documents.delete')}
              <span className="visually-hidden"> {doc.filename}</span>
            </button>
          )}
        </div>
      )}
      <VersionList versions={group.versions} busyId={busy?.action === 'download' ? busy.id : null} onDownload={props.onDownload} />
    </li>
  );
}
