import type { DocumentInfo, PageBox } from '@oac/shared';
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { api } from '../api/endpoints';
import { toFailure, type Failure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';
import { Loading } from '../ui/Loading';
import { usePdfDocument } from './usePdfDocument';
import { Dialog } from './Dialog';
import { PdfViewer, type PageGeometry } from './PdfViewer';
import { boxFromDrag, isArrow, nudgeBox, presetBox, PRESETS, type Preset } from './signatureGeometry';

export interface SignatureBoxPickerProps {
  /** The version to be signed: a PDF. */
  doc: DocumentInfo;
  onClose(): void;
  /** The version as the server returns it, now carrying the request. */
  onRequested(doc: DocumentInfo): void;
}

/**
 * The clerk shows where the citizen is to sign: a rectangle dragged over the page, or, from the
 * keyboard, a preset place moved with the arrows and resized with Shift and the arrows.
 */
export function SignatureBoxPicker({ doc, onClose, onRequested }: SignatureBoxPickerProps) {
  const { t, failure: explain } = useI18n();
  const { pdf, failure: loadFailure } = usePdfDocument(doc.id, { kind: 'staff' });
  const [page, setPage] = useState(doc.signatureRequest?.box.page ?? 0);
  const [box, setBox] = useState<PageBox | null>(doc.signatureRequest?.box ?? null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function send(): Promise<void> {
    if (busy || !box) return;
    setBusy(true);
    setFailure(null);
    try {
      onRequested(await api.requestSignature(doc.id, box));
    } catch (error) {
      setFailure(toFailure(error));
      setBusy(false);
    }
  }

  const percent = (n: number) => Math.round(n * 100);
  const where = box
    ? t('signBox.where', {
        page: box.page + 1,
        x: percent(box.x),
        y: percent(box.y),
        width: percent(box.width),
        height: percent(box.height),
      })
    : t('signBox.none');

  return (
    <Dialog title={t('signBox.title', { name: doc.filename })} onClose={onClose} size="viewer" testId="signature-box-picker">
      <div className="box-picker">
        <p className="box-picker__hint">{t('signBox.hint')}</p>
        <div className="box-picker__page">
          {loadFailure ? (
            <div className="notice notice--error" role="alert">
              <p>{explain(loadFailure.code)}</p>
            </div>
          ) : pdf ? (
            <PdfViewer
              pdf={pdf}
              initialPage={page}
              onPageChange={setPage}
              renderOverlay={(geometry) => <DragSurface geometry={geometry} box={box} onChange={setBox} />}
            />
          ) : (
            <Loading />
          )}
        </div>
        <div className="box-picker__controls">
          <fieldset className="box-picker__presets">
            <legend>{t('signBox.presets')}</legend>
            {PRESETS.map((preset: Preset) => (
              <button
                key={preset}
                type="button"
                className="button button--secondary button--small"
                data-testid={`box-preset-${preset}`}
                onClick={() => {
                  setBox(presetBox(page, preset));
                  // Straight to the box, where the arrows fine-tune it.
                  requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="box-placed"]')?.focus());
                }}
              >
                {t(`signBox.preset.${preset}`)}
              </button>
            ))}
          </fieldset>
          <p className="box-picker__where" aria-live="polite" data-testid="box-where">
            {where}
          </p>
          {failure && (
            <div className="notice notice--error" role="alert" data-testid="box-failure" data-code={failure.code}>
              <p>{explain(failure.code)}</p>
            </div>
          )}
          <div className="actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('signBox.cancel')}
            </button>
            <button
              type="button"
              className="button button--primary"
              data-testid="box-send"
              aria-disabled={busy || !box}
              onClick={() => void send()}
            >
              {busy ? t('signBox.sending') : t('signBox.send')}
            </button>
          </div>
        </div>
      </div>
    </Dialog>
  );
}

interface DragSurfaceProps {
  geometry: PageGeometry;
  box: PageBox | null;
  onChange(box: PageBox): void;
}

/** Over the page: a drag draws the box; the box itself takes the keyboard. */
function DragSurface({ geometry, box, onChange }: DragSurfaceProps) {
  const { t } = useI18n();
  const start = useRef<{ x: number; y: number } | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const size = { width: geometry.width, height: geometry.height };

  function at(event: PointerEvent<HTMLDivElement>): { x: number; y: number } {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  function down(event: PointerEvent<HTMLDivElement>): void {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    // A press on the box only focuses it, for the arrows; elsewhere a drag draws a new one.
    if ((event.target as HTMLElement).closest('.signature-box')) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    start.current = at(event);
    onChange(boxFromDrag(geometry.index, start.current, start.current, size));
  }

  function move(event: PointerEvent<HTMLDivElement>): void {
    if (start.current) onChange(boxFromDrag(geometry.index, start.current, at(event), size));
  }

  function up(event: PointerEvent<HTMLDivElement>): void {
    if (!start.current) return;
    onChange(boxFromDrag(geometry.index, start.current, at(event), size));
    start.current = null;
    boxRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (!box || !isArrow(event.key)) return;
    // The viewer turns pages with the arrows; on the box they move it instead.
    event.preventDefault();
    event.stopPropagation();
    onChange(nudgeBox(box, event.key, event.shiftKey));
  }

  const shown = box && box.page === geometry.index ? box : null;
  return (
    <div
      className="box-picker__surface"
      data-testid="box-surface"
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => (start.current = null)}
    >
      {shown && (
        <div
          ref={boxRef}
          className="signature-box signature-box--placing"
          data-testid="box-placed"
          tabIndex={0}
          role="group"
          aria-roledescription={t('signBox.box')}
          aria-label={t('signBox.keys')}
          style={{ left: `${shown.x * 100}%`, top: `${shown.y * 100}%`, width: `${shown.width * 100}%`, height: `${shown.height * 100}%` }}
          onKeyDown={onKeyDown}
        >
          <span className="signature-box__label">{t('signBox.box')}</span>
        </div>
      )}
      {box && box.page !== geometry.index && <p className="box-picker__elsewhere">{t('signBox.otherPage', { page: box.page + 1 })}</p>}
    </div>
  );
}
