import type { DocumentInfo } from '@oac/shared';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Auth } from '../api/http';
import { fetchDocumentBlob } from './content';
import { previewKind, typeLabel } from './group';
import { createLimiter } from './limiter';
import { drawPage, isRenderCancelled, openPdf } from './pdf';

/** Thumbnails are drawn two at a time at most, whatever the list's length. */
const limit = createLimiter(2);
const THUMB_WIDTH = 64;

interface ThumbnailProps {
  doc: DocumentInfo;
  auth: Auth;
}

/** Becomes true once the element has been on screen, and stays so: thumbnails load lazily. */
function useSeen(ref: RefObject<Element | null>): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || seen) return;
    if (typeof IntersectionObserver === 'undefined') {
      setSeen(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}

/** The first page of a PDF or the image itself, small; decorative, since the name says what it is. */
export function Thumbnail({ doc, auth }: ThumbnailProps) {
  const box = useRef<HTMLSpanElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const seen = useSeen(box);
  const kind = previewKind(doc.contentType);
  const [state, setState] = useState<'waiting' | 'ready' | 'failed'>('waiting');
  const [imageUrl, setImageUrl] = useState<string | null>(null);
  // The page may rebuild its auth object on every render; only the version's id means new bytes.
  const authRef = useRef(auth);
  authRef.current = auth;

  useEffect(() => {
    if (!seen || (kind !== 'pdf' && kind !== 'image')) return;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    limit(async () => {
      const blob = await fetchDocumentBlob(doc.id, authRef.current);
      if (controller.signal.aborted) return;
      if (kind === 'image') {
        objectUrl = URL.createObjectURL(blob);
        setImageUrl(objectUrl);
        return;
      }
      const pdf = await openPdf(blob);
      try {
        if (canvas.current && !controller.signal.aborted) {
          await drawPage(await pdf.getPage(1), canvas.current, THUMB_WIDTH, controller.signal);
        }
      } finally {
        void pdf.loadingTask.destroy();
      }
    }, controller.signal).then(
      () => !controller.signal.aborted && setState('ready'),
      (error: unknown) => {
        if (controller.signal.aborted || isRenderCancelled(error)) return;
        console.warn('Thumbnail(): could not draw', doc.id, error);
        setState('failed');
      },
    );
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [seen, kind, doc.id]);

  return (
    <span ref={box} className={`doc-thumb doc-thumb--${state}`} data-testid="document-thumbnail" data-state={state} aria-hidden="true">
      {kind === 'pdf' && state !== 'failed' && <canvas ref={canvas} className="doc-thumb__canvas" width={THUMB_WIDTH} height={90} />}
      {kind === 'image' && imageUrl && <img className="doc-thumb__image" src={imageUrl} alt="" />}
      {(state === 'failed' || kind === 'heic' || kind === 'none' || (state === 'waiting' && kind === 'image' && !imageUrl)) && (
        <span className="doc-thumb__type">{typeLabel(doc.contentType)}</span>
      )}
    </span>
  );
}
