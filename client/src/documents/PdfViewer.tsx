import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { drawPage, isRenderCancelled } from './pdf';

/** The page on screen, for whatever is laid over it: 0-based index, and its drawn size in CSS pixels. */
export interface PageGeometry {
  index: number;
  count: number;
  width: number;
  height: number;
}

export interface PdfViewerProps {
  pdf: PDFDocumentProxy;
  /**
   * Drawn over the page, in a box of exactly the page's size (position: relative), so a caller can
   * place something at fractions of the page: the clerk's signature box, for one.
   */
  renderOverlay?: (page: PageGeometry) => ReactNode;
  /** The page to open at, 0-based. */
  initialPage?: number;
  onPageChange?(index: number): void;
}

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** Tracks an element's inner width, which "fit width" follows when the phone turns. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const style = getComputedStyle(element);
      setWidth(Math.max(0, element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function PdfViewer({ pdf, renderOverlay, initialPage = 0, onPageChange }: PdfViewerProps) {
  const { t } = useI18n();
  const count = pdf.numPages;
  const [index, setIndex] = useState(Math.min(Math.max(0, initialPage), count - 1));
  const [zoom, setZoom] = useState(1);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const area = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const fitWidth = useWidth(area);
  const cssWidth = Math.round(fitWidth * zoom);

  useEffect(() => {
    if (!canvas.current || cssWidth <= 0) return;
    const controller = new AbortController();
    const target = canvas.current;
    pdf
      .getPage(index + 1)
      .then((page) => drawPage(page, target, cssWidth, controller.signal))
      .then(
        (drawn) => {
          if (controller.signal.aborted) return;
          setSize(drawn);
          setFailed(false);
        },
        (error: unknown) => {
          if (controller.signal.aborted || isRenderCancelled(error)) return;
          console.warn('PdfViewer(): could not draw page', index + 1, error);
          setFailed(true);
        },
      );
    return () => controller.abort();
  }, [pdf, index, cssWidth]);

  function go(next: number): void {
    const clamped = Math.min(Math.max(0, next), count - 1);
    if (clamped === index) return;
    setIndex(clamped);
    onPageChange?.(clamped);
    area.current?.scrollTo({ top: 0 });
  }

  function zoomBy(step: number): void {
    const at = ZOOMS.findIndex((z) => z >= zoom - 0.001);
    setZoom(ZOOMS[Math.min(Math.max(0, (at < 0 ? ZOOMS.length - 1 : at) + step), ZOOMS.length - 1)]!);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    const actions: Record<string, () => void> = {
      PageDown: () => go(index + 1),
      PageUp: () => go(index - 1),
      ArrowRight: () => go(index + 1),
      ArrowLeft: () => go(index - 1),
      Home: () => go(0),
      End: () => go(count - 1),
      '+': () => zoomBy(1),
      '=': () => zoomBy(1),
      '-': () => zoomBy(-1),
      '0': () => setZoom(1),
    };
    const action = actions[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  }

  const percent = Math.round(zoom * 100);
  return (
    <div className="pdf-viewer" onKeyDown={onKeyDown}>
      <div className="pdf-viewer__tools" role="toolbar" aria-label={t('documents.viewer.tools')}>
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="viewer-prev"
          aria-disabled={index === 0}
          onClick={() => go(index - 1)}
        >
          <span aria-hidden="true">‹ </span>
          {t('documents.viewer.previous')}
        </button>
        <p className="pdf-viewer__page" data-testid="viewer-page" aria-live="polite">
          {t('documents.viewer.page', { page: index + 1, count })}
        </p>
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="viewer-next"
          aria-disabled={index >= count - 1}
          onClick={() => go(index + 1)}
        >
          {t('documents.viewer.next')}
          <span aria-hidden="true"> ›</span>
        </button>
        <span className="pdf-viewer__zoom">
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={t('documents.viewer.zoomOut')}
            aria-disabled={zoom <= ZOOMS[0]!}
            onClick={() => zoomBy(-1)}
          >
            −
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="viewer-fit"
            aria-pressed={zoom === 1}
            onClick={() => setZoom(1)}
          >
            {t('documents.viewer.fitWidth')}
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={t('documents.viewer.zoomIn')}
            aria-disabled={zoom >= ZOOMS[ZOOMS.length - 1]!}
            onClick={() => zoomBy(1)}
          >
            +
          </button>
          <span className="pdf-viewer__percent" aria-live="polite">
            {percent}%
          </span>
        </span>
      </div>
      {/* Focusable, so the keyboard can scroll a zoomed page and turn pages from it. */}
      <div
        ref={area}
        className="pdf-viewer__area"
        tabIndex={0}
        role="region"
        aria-label={t('documents.viewer.pageRegion', { page: index + 1, count })}
        data-testid="viewer-area"
      >
        <div className="pdf-viewer__page-box" style={size ? { width: size.width, height: size.height } : undefined}>
          <canvas ref={canvas} className="pdf-viewer__canvas" data-testid="viewer-canvas" />
          {size && renderOverlay && (
            <div className="pdf-viewer__overlay" style={{ width: size.width, height: size.height }}>
              {renderOverlay({ index, count, width: size.width, height: size.height })}
            </div>
          )}
        </div>
        {failed && <p className="notice notice--error">{t('documents.viewer.failed')}</p>}
      </div>
    </div>
  );
}
