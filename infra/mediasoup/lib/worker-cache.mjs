// The per-machine cache of built workers, outside any clone:
//   ${XDG_CACHE_HOME:-~/.cache}/oac-et-truca/mediasoup-worker/<key>/mediasoup-worker
// A build happens in a temporary folder next to the entries and is published
// by renaming that folder, so a killed build never leaves a half binary.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { LINKED_DEV_PACKAGES, hasDpkg, installedVersions } from './debian.mjs';

const MEDIASOUP_DIR = fileURLToPath(new URL('..', import.meta.url));
/** Files whose content goes into the key: the shims and the build recipe. */
const KEYED_PATHS = ['subprojects', 'lib/worker-recipe.mjs'];

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'oac-et-truca', 'mediasoup-worker');
}

function listFiles(dir) {
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) return [dir];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((entry) => listFiles(path.join(dir, entry)));
}

function linkedLibraryVersions() {
  if (hasDpkg()) {
    return [...installedVersions(LINKED_DEV_PACKAGES)].map(([p, v]) => `${p}=${v ?? 'missing'}`);
  }
  return ['dpkg=absent'];
}

/**
 * sha256 over the mediasoup version, the versions of the -dev packages the
 * worker links, and the shim and recipe sources.
 */
export function computeCacheKey(mediasoupVersion) {
  const hash = createHash('sha256');
  hash.update(`mediasoup=${mediasoupVersion}\n`);
  for (const line of linkedLibraryVersions()) hash.update(`${line}\n`);
  for (const keyed of KEYED_PATHS) {
    for (const file of listFiles(path.join(MEDIASOUP_DIR, keyed))) {
      hash.update(`file ${path.relative(MEDIASOUP_DIR, file)}\n`);
      hash.update(fs.readFileSync(file));
      hash.update('\n');
    }
  }
  return `${mediasoupVersion}-${hash.digest('hex').slice(0, 24)}`;
}

export function cachedBinary(key) {
  return path.join(cacheRoot(), key, 'mediasoup-worker');
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes temporary build folders left by builds that were killed. */
export function removeStaleBuilds() {
  const root = cacheRoot();
  if (!fs.existsSync(root)) return;
  for (const entry of fs.readdirSync(root)) {
    const match = /^\.build-.*-pid(\d+)$/.exec(entry);
    if (match && !isAlive(Number(match[1]))) {
      fs.rmSync(path.join(root, entry), { recursive: true, force: true });
    }
  }
}

export function makeBuildDir(key) {
  fs.mkdirSync(cacheRoot(), { recursive: true });
  removeStaleBuilds();
  const dir = path.join(cacheRoot(), `.build-${key}-pid${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  return dir;
}

/**
 * Publishes <buildDir>/publish as the cache entry for key with one rename.
 * An entry published meanwhile by another build is kept unless replace is set.
 */
export function publish(buildDir, key, { replace = false } = {}) {
  const entry = path.join(cacheRoot(), key);
  const staged = path.join(buildDir, 'publish');
  if (fs.existsSync(entry)) {
    if (!replace) return entry;
    fs.renameSync(entry, path.join(buildDir, 'replaced'));
  }
  fs.renameSync(staged, entry);
  return entry;
}

function readLockOwner(lock) {
  try {
    return Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')) || 0;
  } catch {
    return 0;
  }
}

/**
 * Serialises builds of the same key on one machine. A lock whose owner died
 * is taken over. Returns the release function.
 */
export async function lockKey(key, log) {
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const lock = path.join(cacheRoot(), `.lock-${key}`);
  let warned = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = readLockOwner(lock);
    if (!owner || !isAlive(owner)) {
      // No pid yet may mean the owner is between mkdir and writing it.
      if (!owner) await sleep(1000);
      const again = readLockOwner(lock);
      if (!again || !isAlive(again)) fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!warned) {
      log(`another build of this worker is running (pid ${owner}); waiting for it`);
      warned = true;
    }
    await sleep(5000);
  }
}
