import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy, PDFPageProxy, PDFWorker } from 'pdfjs-dist';

type PdfJs = typeof PdfJsModule;

let loaded: Promise<{ pdfjs: PdfJs; worker: PDFWorker }> | null = null;

/**
 * pdf.js only when a PDF is shown, so the rest of the platform does not carry its weight. Its
 * worker is a file of the platform itself (a vite asset), which the CSP's `'self'` allows; one
 * worker serves every thumbnail and the viewer.
 */
function loadPdfJs(): Promise<{ pdfjs: PdfJs; worker: PDFWorker }> {
  loaded ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, workerUrl]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl.default;
    return { pdfjs, worker: new pdfjs.PDFWorker() };
  });
  loaded.catch(() => (loaded = null));
  return loaded;
}

/** Opens a PDF from its bytes. The caller destroys it (`doc.loadingTask.destroy()`) when done. */
export async function openPdf(bytes: Blob): Promise<PDFDocumentProxy> {
  const { pdfjs, worker } = await loadPdfJs();
  const data = new Uint8Array(await bytes.arrayBuffer());
  return pdfjs.getDocument({
    data,
    worker,
    // WebAssembly needs 'wasm-unsafe-eval' in the CSP, which the platform does not grant; pdf.js
    // then decodes in plain JavaScript. Hostile content is also why nothing here runs scripts.
    useWasm: false,
    enableXfa: false,
    stopAtErrors: false,
  }).promise;
}

/**
 * Draws one page onto a canvas at `cssWidth` pixels wide (the device's pixel ratio on top, so text
 * stays sharp), and returns the size it was drawn at in CSS pixels.
 */
export async function drawPage(
  page: PDFPageProxy,
  canvas: HTMLCanvasElement,
  cssWidth: number,
  signal?: AbortSignal,
): Promise<{ width: number; height: number }> {
  const base = page.getViewport({ scale: 1 });
  const scale = cssWidth / base.width;
  const ratio = Math.min(window.devicePixelRatio || 1, 2);
  const viewport = page.getViewport({ scale: scale * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  const size = { width: viewport.width / ratio, height: viewport.height / ratio };
  canvas.style.width = `${size.width}px`;
  canvas.style.height = `${size.height}px`;
  const task = page.render({ canvas, viewport });
  const cancel = () => task.cancel();
  signal?.addEventListener('abort', cancel);
  try {
    await task.promise;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  return size;
}

/** pdf.js rejects a cancelled render with this; it is no failure. */
export function isRenderCancelled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'RenderingCancelledException';
}
