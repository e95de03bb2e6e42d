import { PageBox } from '@oac/shared';
import { describe, expect, it } from 'vitest';
import { boxFromDrag, fitInside, inkBounds, MIN_BOX, nudgeBox, presetBox, PRESETS } from './signatureGeometry';

/** An RGBA image of `width`×`height`, transparent but for the given pixels. */
function image(width: number, height: number, inked: [number, number][]): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (const [x, y] of inked) data[(y * width + x) * 4 + 3] = 200;
  return data;
}

const valid = (box: PageBox) => PageBox.safeParse(box).success;

describe('inkBounds', () => {
  it('finds nothing on an empty canvas', () => {
    expect(inkBounds(image(10, 5, []), 10, 5)).toBeNull();
    expect(inkBounds(image(10, 5, []), 10, 5, 4)).toBeNull();
  });

  it('holds exactly the inked pixels', () => {
    expect(
      inkBounds(
        image(10, 6, [
          [2, 1],
          [7, 4],
          [5, 3],
        ]),
        10,
        6,
      ),
    ).toEqual({ x: 2, y: 1, width: 6, height: 4 });
    expect(inkBounds(image(10, 6, [[0, 0]]), 10, 6)).toEqual({ x: 0, y: 0, width: 1, height: 1 });
    expect(inkBounds(image(10, 6, [[9, 5]]), 10, 6)).toEqual({ x: 9, y: 5, width: 1, height: 1 });
  });

  it('ignores colour without alpha, counts faint alpha', () => {
    const data = image(4, 4, []);
    data.set([255, 0, 0, 0], (1 * 4 + 1) * 4);
    expect(inkBounds(data, 4, 4)).toBeNull();
    data[(2 * 4 + 3) * 4 + 3] = 1;
    expect(inkBounds(data, 4, 4)).toEqual({ x: 3, y: 2, width: 1, height: 1 });
  });

  it('pads, without leaving the image', () => {
    expect(inkBounds(image(20, 20, [[10, 10]]), 20, 20, 3)).toEqual({ x: 7, y: 7, width: 7, height: 7 });
    expect(inkBounds(image(20, 20, [[1, 18]]), 20, 20, 3)).toEqual({ x: 0, y: 15, width: 5, height: 5 });
  });
});

describe('fitInside', () => {
  it('scales down to the limiting side, keeping proportions', () => {
    expect(fitInside({ width: 1200, height: 200 }, { width: 600, height: 200 })).toEqual({ width: 600, height: 100 });
    expect(fitInside({ width: 900, height: 600 }, { width: 600, height: 200 })).toEqual({ width: 300, height: 200 });
  });

  it('never scales up', () => {
    expect(fitInside({ width: 120, height: 40 }, { width: 600, height: 200 })).toEqual({ width: 120, height: 40 });
  });
});

describe('boxFromDrag', () => {
  const size = { width: 500, height: 800 };

  it('turns a drag down and right into fractions of the page', () => {
    expect(boxFromDrag(2, { x: 250, y: 400 }, { x: 450, y: 480 }, size)).toEqual({ page: 2, x: 0.5, y: 0.5, width: 0.4, height: 0.1 });
  });

  it('gives the same box dragged the other way', () => {
    expect(boxFromDrag(0, { x: 450, y: 480 }, { x: 250, y: 400 }, size)).toEqual({ page: 0, x: 0.5, y: 0.5, width: 0.4, height: 0.1 });
  });

  it('grows a click or a tiny drag to the minimum, from where it started', () => {
    const box = boxFromDrag(0, { x: 100, y: 100 }, { x: 101, y: 101 }, size);
    expect(box).toEqual({ page: 0, x: 0.2, y: 0.125, width: MIN_BOX.width, height: MIN_BOX.height });
    expect(valid(box)).toBe(true);
  });

  it('keeps a drag past the edge, or a minimum box at the edge, inside the page', () => {
    const past = boxFromDrag(0, { x: 400, y: 700 }, { x: 900, y: 1200 }, size);
    expect(past).toEqual({ page: 0, x: 0.8, y: 0.875, width: 0.2, height: 0.125 });
    const corner = boxFromDrag(0, { x: 499, y: 799 }, { x: 499, y: 799 }, size);
    expect(corner.x + corner.width).toBeLessThanOrEqual(1);
    expect(corner.y + corner.height).toBeLessThanOrEqual(1);
    expect(valid(past) && valid(corner)).toBe(true);
  });
});

describe('presetBox', () => {
  it('places each preset inside the page, in its corner', () => {
    for (const preset of PRESETS) expect(valid(presetBox(1, preset)), preset).toBe(true);
    const br = presetBox(0, 'bottom-right');
    expect(br.x + br.width).toBeCloseTo(0.94);
    expect(br.y + br.height).toBeCloseTo(0.94);
    expect(presetBox(0, 'top-left')).toMatchObject({ x: 0.06, y: 0.06 });
    expect(presetBox(3, 'bottom-center')).toMatchObject({ page: 3, x: 0.325 });
  });
});

describe('nudgeBox', () => {
  const box: PageBox = { page: 0, x: 0.5, y: 0.5, width: 0.3, height: 0.1 };

  it('moves by a step', () => {
    expect(nudgeBox(box, 'ArrowRight', false)).toEqual({ ...box, x: 0.51 });
    expect(nudgeBox(box, 'ArrowUp', false, 0.05)).toEqual({ ...box, y: 0.45 });
  });

  it('resizes with shift: right and down grow it, left and up shrink it', () => {
    expect(nudgeBox(box, 'ArrowRight', true)).toEqual({ ...box, width: 0.31 });
    expect(nudgeBox(box, 'ArrowUp', true)).toEqual({ ...box, height: 0.09 });
  });

  it('stops at the edges and at the minimum size', () => {
    const edge: PageBox = { page: 0, x: 0.7, y: 0.9, width: 0.3, height: 0.1 };
    expect(nudgeBox(edge, 'ArrowRight', false)).toEqual(edge);
    expect(nudgeBox(edge, 'ArrowDown', true)).toEqual(edge);
    const small: PageBox = { page: 0, x: 0, y: 0, width: MIN_BOX.width, height: MIN_BOX.height };
    expect(nudgeBox(small, 'ArrowLeft', true)).toEqual(small);
    expect(nudgeBox(small, 'ArrowLeft', false)).toEqual(small);
    let moved = box;
    for (let i = 0; i < 200; i += 1) moved = nudgeBox(moved, 'ArrowDown', false);
    expect(valid(moved)).toBe(true);
    expect(moved.y + moved.height).toBeCloseTo(1);
  });
});
