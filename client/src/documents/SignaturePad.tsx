import type { SignDocumentRequest } from '@oac/shared';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { fitInside, inkBounds } from './signatureGeometry';

export interface SignaturePadProps {
  /** Called with the picture that goes on the page; the caller sends it and reports the outcome. */
  onSign(request: SignDocumentRequest): void;
  /** A signature is being sent: the buttons wait. */
  busy?: boolean;
  /** The name to offer in the typed signature, such as the booking's. */
  defaultName?: string;
}

// What the server places in the clerk's box: a picture at most this big, trimmed to its ink.
const MAX_IMAGE = { width: 600, height: 200 };
const PAD = { width: 600, height: 200 };
const INK = '#1b2a6b';
// No web font is fetched: each system draws its own script hand, or its cursive fallback.
const SCRIPT_FONT = '"Segoe Script", "Brush Script MT", "URW Chancery L", "Apple Chancery", cursive';

/** The canvas's ink, cut to its bounds and scaled into MAX_IMAGE, as a PNG with a transparent background; null when blank. */
function exportInk(canvas: HTMLCanvasElement): string | null {
  const context = canvas.getContext('2d');
  if (!context) return null;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const bounds = inkBounds(data, canvas.width, canvas.height, 4);
  if (!bounds) return null;
  const size = fitInside(bounds, MAX_IMAGE);
  const out = document.createElement('canvas');
  out.width = size.width;
  out.height = size.height;
  out.getContext('2d')!.drawImage(canvas, bounds.x, bounds.y, bounds.width, bounds.height, 0, 0, size.width, size.height);
  return out.toDataURL('image/png');
}

/** A canvas drawn at the screen's pixel density, so strokes and letters stay sharp on a phone. */
function prepareCanvas(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  const ratio = Math.min(window.devicePixelRatio || 1, 3);
  canvas.width = Math.round(PAD.width * ratio);
  canvas.height = Math.round(PAD.height * ratio);
  const context = canvas.getContext('2d');
  context?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return context;
}

type Mode = 'draw' | 'type';

/**
 * The citizen's signature: drawn with a finger, a pen or the mouse, or, for whoever cannot draw
 * (a keyboard, a switch, a screen reader), their name typed, shown in a script hand and confirmed.
 */
export function SignaturePad({ onSign, busy = false, defaultName = '' }: SignaturePadProps) {
  const { t } = useI18n();
  const id = useId();
  const [mode, setMode] = useState<Mode>('draw');
  const [problem, setProblem] = useState<string | null>(null);
  const tabs: Mode[] = ['draw', 'type'];

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>): void {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next: Mode = event.key === 'Home' ? 'draw' : event.key === 'End' ? 'type' : mode === 'draw' ? 'type' : 'draw';
    setMode(next);
    setProblem(null);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  }

  return (
    <div className="signature-pad" data-testid="signature-pad">
      <div className="signature-pad__tabs" role="tablist" aria-label={t('signature.tabs')}>
        {tabs.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`${id}-tab-${tab}`}
            aria-selected={mode === tab}
            aria-controls={`${id}-panel-${tab}`}
            tabIndex={mode === tab ? 0 : -1}
            className="signature-pad__tab"
            data-testid={`signature-tab-${tab}`}
            onKeyDown={onTabKey}
            onClick={() => {
              setMode(tab);
              setProblem(null);
            }}
          >
            {t(tab === 'draw' ? 'signature.draw' : 'signature.type')}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel-${mode}`} aria-labelledby={`${id}-tab-${mode}`} className="signature-pad__panel">
        {mode === 'draw' ? (
          <DrawnSignature busy={busy} onSign={onSign} problem={problem} setProblem={setProblem} />
        ) : (
          <TypedSignature busy={busy} onSign={onSign} problem={problem} setProblem={setProblem} defaultName={defaultName} />
        )}
      </div>
    </div>
  );
}

interface PanelProps {
  busy: boolean;
  onSign(request: SignDocumentRequest): void;
  problem: string | null;
  setProblem(problem: string | null): void;
}

function Problem({ id, text }: { id: string; text: string | null }) {
  return (
    <p id={id} className="field__error signature-pad__problem" role="alert" data-testid="signature-problem" hidden={!text}>
      {text}
    </p>
  );
}

function DrawnSignature({ busy, onSign, problem, setProblem }: PanelProps) {
  const { t } = useI18n();
  const problemId = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    if (canvas.current) prepareCanvas(canvas.current);
  }, []);

  // The pointer's place in the pad's own 600×200 units, whatever size the pad is shown at.
  function point(event: PointerEvent<HTMLCanvasElement>): { x: number; y: number } {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) / rect.width) * PAD.width, y: ((event.clientY - rect.top) / rect.height) * PAD.height };
  }

  function stroke(to: { x: number; y: number }, pressure: number): void {
    const context = canvas.current?.getContext('2d');
    const from = last.current;
    if (!context || !from) return;
    context.strokeStyle = INK;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    // A pen's pressure thickens the line a little; mouse and touch report 0.5.
    context.lineWidth = 2 + 2.5 * (pressure || 0.5);
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x + (to.x === from.x && to.y === from.y ? 0.01 : 0), to.y);
    context.stroke();
    last.current = to;
  }

  function down(event: PointerEvent<HTMLCanvasElement>): void {
    if (busy || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    last.current = point(event);
    stroke(last.current, event.pressure);
    setProblem(null);
  }

  function move(event: PointerEvent<HTMLCanvasElement>): void {
    if (!last.current) return;
    // Coalesced events keep a fast stroke smooth instead of a few straight segments.
    const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
    const all = events.length > 0 ? events : [event.nativeEvent];
    const rect = event.currentTarget.getBoundingClientRect();
    for (const e of all) {
      stroke({ x: ((e.clientX - rect.left) / rect.width) * PAD.width, y: ((e.clientY - rect.top) / rect.height) * PAD.height }, e.pressure);
    }
  }

  function up(): void {
    last.current = null;
  }

  function clear(): void {
    if (canvas.current) prepareCanvas(canvas.current);
    setProblem(null);
  }

  function sign(): void {
    if (busy || !canvas.current) return;
    const image = exportInk(canvas.current);
    if (!image) {
      setProblem(t('signature.empty'));
      return;
    }
    onSign({ method: 'drawn', image });
  }

  return (
    <>
      <p className="field__hint">{t('signature.drawHint')}</p>
      <div className="signature-pad__surface">
        <canvas
          ref={canvas}
          className="signature-pad__canvas"
          data-testid="signature-canvas"
          role="img"
          aria-label={t('signature.canvas')}
          aria-describedby={problem ? problemId : undefined}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
          onLostPointerCapture={up}
        />
      </div>
      <Problem id={problemId} text={problem} />
      <div className="actions">
        <button type="button" className="button button--secondary" data-testid="signature-clear" onClick={clear} aria-disabled={busy}>
          {t('signature.clear')}
        </button>
        <button type="button" className="button button--primary" data-testid="signature-sign" onClick={sign} aria-disabled={busy}>
          {busy ? t('signature.signing') : t('signature.sign')}
        </button>
      </div>
    </>
  );
}

/** Draws the name as large as fits the pad, in the script hand. */
function drawName(canvas: HTMLCanvasElement, name: string): void {
  const context = prepareCanvas(canvas);
  if (!context || !name) return;
  let size = 56;
  context.font = `italic ${size}px ${SCRIPT_FONT}`;
  const width = context.measureText(name).width;
  if (width > PAD.width - 40) size = Math.max(14, Math.floor((size * (PAD.width - 40)) / width));
  context.font = `italic ${size}px ${SCRIPT_FONT}`;
  context.fillStyle = INK;
  context.textBaseline = 'middle';
  context.textAlign = 'center';
  context.fillText(name, PAD.width / 2, PAD.height / 2);
}

function TypedSignature({ busy, onSign, problem, setProblem, defaultName }: PanelProps & { defaultName: string }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(defaultName);
  const [confirmed, setConfirmed] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const trimmed = name.trim().replace(/\s+/g, ' ');

  useEffect(() => {
    if (canvas.current) drawName(canvas.current, trimmed);
  }, [trimmed]);

  function sign(): void {
    if (busy || !canvas.current) return;
    if (trimmed.length < 2 || trimmed.length > 120) {
      setProblem(t('signature.nameInvalid'));
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    if (!confirmed) {
      setProblem(t('signature.confirmMissing'));
      document.getElementById(`${id}-confirm`)?.focus();
      return;
    }
    const image = exportInk(canvas.current);
    if (!image) {
      setProblem(t('signature.nameInvalid'));
      return;
    }
    onSign({ method: 'typed', name: trimmed, confirm: true, image });
  }

  return (
    <>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-name`}>
          {t('signature.name')}
        </label>
        <input
          id={`${id}-name`}
          className="field__input"
          data-testid="signature-name"
          autoComplete="name"
          maxLength={120}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setProblem(null);
          }}
        />
      </div>
      <div className="signature-pad__surface signature-pad__surface--typed">
        <canvas
          ref={canvas}
          className="signature-pad__canvas"
          data-testid="signature-preview"
          role="img"
          aria-label={`${t('signature.preview')}: ${trimmed}`}
        />
      </div>
      <div className="signature-pad__confirm">
        <input
          type="checkbox"
          id={`${id}-confirm`}
          data-testid="signature-confirm"
          checked={confirmed}
          onChange={(event) => {
            setConfirmed(event.target.checked);
            setProblem(null);
          }}
        />
        <label htmlFor={`${id}-confirm`}>{t('signature.confirm')}</label>
      </div>
      <Problem id={`${id}-problem`} text={problem} />
      <div className="actions">
        <button type="button" className="button button--primary" data-testid="signature-sign" onClick={sign} aria-disabled={busy}>
          {busy ? t('signature.signing') : t('signature.sign')}
        </button>
      </div>
    </>
  );
}
