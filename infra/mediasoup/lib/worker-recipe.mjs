// How mediasoup's C++ worker is built here: from the sources inside the npm
// package, against Debian's libraries, with Debian's meson, offline.
// This file and ../subprojects/ are part of the cache key: edit either and
// every machine rebuilds. See /work/shared/RECIPES.md, "mediasoup (the SFU)".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHIM_SUBPROJECTS_DIR = fileURLToPath(new URL('../subprojects/', import.meta.url));

/**
 * Each edit must find its text exactly once in the copied sources: a later
 * mediasoup that changes these lines stops the build instead of slipping by.
 */
export const SOURCE_EDITS = Object.freeze([
  {
    file: 'meson.build',
    from: "meson_version: '>= 1.1.0'",
    to: "meson_version: '>= 1.0.0'",
    // Debian bookworm ships meson 1.0.1, which builds this worker fine.
  },
  {
    file: 'src/RTC/DtlsTransport.cpp',
    from: '(operationType == BIO_CB_RETURN)',
    to: '(operationType & BIO_CB_RETURN)',
    // OpenSSL calls the BIO callback with BIO_CB_xxx | BIO_CB_RETURN, so the
    // == test never holds and every BIO_ctrl() on the write BIO returns 1.
    // Debian's libssl has kernel TLS: it asks BIO_CTRL_GET_KTLS_SEND, gets 1,
    // leaves its DTLS write buffer NULL and the worker dies with SIGSEGV in
    // SSL_read() on the browser's first DTLS packet. mediasoup's bundled
    // OpenSSL has no kTLS, which is why upstream never sees it.
  },
]);

function countOccurrences(text, needle) {
  return text.split(needle).length - 1;
}

export function applySourceEdit(workerDir, { file, from, to }) {
  const target = path.join(workerDir, file);
  const text = fs.readFileSync(target, 'utf8');
  const found = countOccurrences(text, from);
  if (found !== 1) {
    throw new Error(
      `Source edit failed: expected exactly one "${from}" in ${file}, found ${found}. ` +
        'This mediasoup differs from the one the recipe in infra/mediasoup was written for; review it.',
    );
  }
  const edited = text.replace(from, to);
  if (countOccurrences(edited, from) !== 0 || countOccurrences(edited, to) !== countOccurrences(text, to) + 1) {
    throw new Error(`Source edit failed: "${from}" -> "${to}" did not take place once in ${file}.`);
  }
  fs.writeFileSync(target, edited);
}

/**
 * Copies node_modules/mediasoup/worker to destDir, applies SOURCE_EDITS and
 * swaps meson's downloading wraps for the local shim subprojects.
 */
export function prepareWorkerSources(packageWorkerDir, destDir) {
  fs.cpSync(packageWorkerDir, destDir, {
    recursive: true,
    // A previously installed binary is not a source.
    filter: (src) => path.relative(packageWorkerDir, src) !== 'out',
  });
  for (const edit of SOURCE_EDITS) applySourceEdit(destDir, edit);

  const subprojects = path.join(destDir, 'subprojects');
  for (const entry of fs.readdirSync(subprojects)) {
    if (entry.endsWith('.wrap')) fs.rmSync(path.join(subprojects, entry));
  }
  fs.rmSync(path.join(subprojects, 'packagefiles'), { recursive: true, force: true });
  const leftovers = fs.readdirSync(subprojects);
  if (leftovers.length > 0) {
    throw new Error(`Unexpected entries in mediasoup's worker/subprojects: ${leftovers.join(', ')}`);
  }
  fs.cpSync(SHIM_SUBPROJECTS_DIR, subprojects, { recursive: true });
}

/** meson setup arguments: never download (the shims resolve everything). */
export function mesonSetupArgs(sourceDir, buildDir) {
  return ['setup', buildDir, sourceDir, '--wrap-mode=nodownload', '--buildtype', 'release', '-Db_ndebug=true'];
}

/**
 * mediasoup's libwebrtc target does not wait for the headers flatc generates,
 * so those are built first, then the worker.
 */
export function flatbufferTargets(ninjaTargetsOutput) {
  return ninjaTargetsOutput
    .split('\n')
    .filter((line) => /^fbs\/FBS[^:]*:/.test(line))
    .map((line) => line.slice(0, line.indexOf(':')));
}

export const WORKER_TARGET = 'mediasoup-worker';
