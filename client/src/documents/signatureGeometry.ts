import type { PageBox } from '@oac/shared';

/*
 * The pure geometry behind signing: trimming a signature to its ink, and the clerk's box on a page
 * as fractions of it (shared's PageBox), from a drag, a preset or the arrow keys.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The smallest rectangle holding every pixel with any alpha, widened by `padding` and kept inside
 * the image; null for an image with no ink. `rgba` is canvas ImageData: four bytes per pixel.
 */
export function inkBounds(rgba: ArrayLike<number>, width: number, height: number, padding = 0): Rect | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      if (rgba[(row + x) * 4 + 3]! === 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  if (right < 0) return null;
  const x = Math.max(0, left - padding);
  const y = Math.max(0, top - padding);
  return { x, y, width: Math.min(width, right + 1 + padding) - x, height: Math.min(height, bottom + 1 + padding) - y };
}

/** A size scaled down (never up) to fit inside `max`, keeping its proportions, in whole pixels. */
export function fitInside(
  size: { width: number; height: number },
  max: { width: number; height: number },
): { width: number; height: number } {
  const scale = Math.min(1, max.width / size.width, max.height / size.height);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

// As in shared's PageBox: a box smaller than this cannot hold a readable signature.
export const MIN_BOX = { width: 0.05, height: 0.02 } as const;
/** The box a preset places: room for a signature on an A4 page. */
export const DEFAULT_BOX = { width: 0.35, height: 0.1 } as const;
const MARGIN = 0.06;

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
// Fractions are rounded to 1/10 000 so that the box sent is the box shown, and sums stay inside 1.
const round = (value: number) => Math.round(value * 10_000) / 10_000;

function finish(page: number, x: number, y: number, width: number, height: number): PageBox {
  const w = round(clamp(width, MIN_BOX.width, 1));
  const h = round(clamp(height, MIN_BOX.height, 1));
  return { page, x: round(clamp(x, 0, 1 - w)), y: round(clamp(y, 0, 1 - h)), width: w, height: h };
}

/**
 * The box between where a drag started and where it is now, both in pixels on a page drawn at
 * `size`. Any direction works; a box under the minimum grows from where the drag started.
 */
export function boxFromDrag(
  page: number,
  start: { x: number; y: number },
  end: { x: number; y: number },
  size: { width: number; height: number },
): PageBox {
  const sx = clamp(start.x / size.width, 0, 1);
  const sy = clamp(start.y / size.height, 0, 1);
  const ex = clamp(end.x / size.width, 0, 1);
  const ey = clamp(end.y / size.height, 0, 1);
  const width = Math.max(Math.abs(ex - sx), MIN_BOX.width);
  const height = Math.max(Math.abs(ey - sy), MIN_BOX.height);
  // Dragging left or up, the box ends at the start point.
  const x = ex < sx ? sx - width : sx;
  const y = ey < sy ? sy - height : sy;
  return finish(page, x, y, width, height);
}

export const PRESETS = ['bottom-right', 'bottom-left', 'bottom-center', 'top-right', 'top-left'] as const;
export type Preset = (typeof PRESETS)[number];

/** A default-sized box at a common place for a signature, inside the page's margins. */
export function presetBox(page: number, preset: Preset): PageBox {
  const { width, height } = DEFAULT_BOX;
  const x = preset.endsWith('right') ? 1 - MARGIN - width : preset.endsWith('left') ? MARGIN : (1 - width) / 2;
  const y = preset.startsWith('top') ? MARGIN : 1 - MARGIN - height;
  return finish(page, x, y, width, height);
}

export type Arrow = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

export function isArrow(key: string): key is Arrow {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight';
}

/**
 * The keyboard's way to place the box: an arrow moves it by `step` of the page; with `resize`
 * (Shift held) right and down make it wider and taller, left and up narrower and shorter. The box
 * never leaves the page nor goes under the minimum size.
 */
export function nudgeBox(box: PageBox, key: Arrow, resize: boolean, step = 0.01): PageBox {
  const dx = key === 'ArrowRight' ? step : key === 'ArrowLeft' ? -step : 0;
  const dy = key === 'ArrowDown' ? step : key === 'ArrowUp' ? -step : 0;
  if (!resize) return finish(box.page, box.x + dx, box.y + dy, box.width, box.height);
  const width = clamp(box.width + dx, MIN_BOX.width, 1 - box.x);
  const height = clamp(box.height + dy, MIN_BOX.height, 1 - box.y);
  return finish(box.page, box.x, box.y, width, height);
}
