// The project's ankerl/unordered_dense.h over abseil, which mediasoup's worker
// is built with: see infra/mediasoup/test/unordered_dense_test.cpp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BuiltProgram, summarise } from './native-program.js';

const EXPECTED_CASES = 9;

describe('ankerl::unordered_dense over abseil', () => {
  let program: BuiltProgram;

  beforeAll(() => {
    program = BuiltProgram.compile('unordered_dense_test', {
      compiler: 'c++',
      std: 'c++20',
      sources: ['test/unordered_dense_test.cpp'],
      includeDirs: ['subprojects/unordered_dense/include'],
      pkgConfig: ['absl_flat_hash_map', 'absl_hash'],
    });
  }, 180_000);

  afterAll(() => program?.remove());

  it('keeps insertion order, erases by moving the last element, and it = m.erase(it) works', () => {
    const run = program.run();
    const detail = `${run.stdout}\n${run.stderr}`;

    expect(run.status, detail).toBe(0);
    const summary = summarise('unordered-dense', run.stdout);
    expect(summary.notOkLines, detail).toEqual([]);
    expect(summary.total, detail).toBe(EXPECTED_CASES);
    expect(summary.passed, detail).toBe(EXPECTED_CASES);
    expect(summary.okLines).toHaveLength(EXPECTED_CASES);
  });
});
