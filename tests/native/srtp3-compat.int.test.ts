// The libsrtp 3 layer that mediasoup's worker is built with, against
// Debian's libsrtp2 used directly: see infra/mediasoup/test/srtp3_compat_test.c.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BuiltProgram, summarise } from './native-program.js';

const PROFILES = ['AES128_CM_SHA1_80', 'AES128_CM_SHA1_32', 'AEAD_AES_128_GCM', 'AEAD_AES_256_GCM'];
const CASES_PER_PROFILE = 10;
const EXPECTED_CASES = 1 + PROFILES.length * CASES_PER_PROFILE;

describe('libsrtp 3 compat layer over libsrtp2', () => {
  let program: BuiltProgram;

  beforeAll(() => {
    program = BuiltProgram.compile('srtp3_compat_test', {
      compiler: 'cc',
      std: 'c11',
      sources: ['subprojects/libsrtp3/src/srtp3_compat.c', 'test/srtp2_direct.c', 'test/srtp3_compat_test.c'],
      includeDirs: ['subprojects/libsrtp3/include', 'test'],
      pkgConfig: ['libsrtp2'],
    });
  }, 120_000);

  afterAll(() => program?.remove());

  it('matches libsrtp2 byte for byte and refuses replays, forgeries, short buffers and MKI', () => {
    const seed = String(Date.now());
    const run = program.run([seed]);
    const detail = `seed ${seed}\n${run.stdout}\n${run.stderr}`;

    expect(run.status, detail).toBe(0);
    const summary = summarise('srtp3-compat', run.stdout);
    expect(summary.notOkLines, detail).toEqual([]);
    expect(summary.total, detail).toBe(EXPECTED_CASES);
    expect(summary.passed, detail).toBe(EXPECTED_CASES);
    expect(summary.okLines).toHaveLength(EXPECTED_CASES);
    for (const profile of PROFILES) {
      expect(summary.okLines.filter((line) => line.includes(` ${profile} `))).toHaveLength(CASES_PER_PROFILE);
    }
  });
});
