// Builds mediasoup's C++ worker from the sources in node_modules/mediasoup,
// against Debian's libraries, once per machine, and installs it where
// mediasoup looks by default (node_modules/mediasoup/worker/out/Release/).
//
// Runs from the root postinstall, or standalone:
//   node infra/mediasoup/build-worker.mjs [--force] [--jobs N]
// MEDIASOUP_WORKER_BIN pointing at an existing file skips the whole thing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { BUILD_PACKAGES, LINKED_DEV_PACKAGES, ensureDebianPackages, hasDpkg, installedVersions } from './lib/debian.mjs';
import { formatDuration, runLogged, tailOfFile } from './lib/run-logged.mjs';
import { cacheRoot, cachedBinary, computeCacheKey, lockKey, makeBuildDir, publish } from './lib/worker-cache.mjs';
import { WORKER_TARGET, flatbufferTargets, mesonSetupArgs, prepareWorkerSources } from './lib/worker-recipe.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const defaultLog = (line) => console.log(`[mediasoup-worker] ${line}`);

/** The mediasoup package the project resolves, and so the one that spawns the worker. */
export function locateMediasoup(fromDir = REPO_ROOT) {
  const require = createRequire(path.join(fromDir, 'package.json'));
  let dir;
  try {
    dir = path.dirname(require.resolve('mediasoup'));
  } catch {
    throw new Error('mediasoup is not in node_modules; run npm install first.');
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (name === 'mediasoup') return { dir, version };
  }
  throw new Error('Could not find the mediasoup package folder.');
}

export function installedWorkerPath(mediasoupDir) {
  return path.join(mediasoupDir, 'worker', 'out', 'Release', 'mediasoup-worker');
}

/**
 * Started without MEDIASOUP_VERSION, the worker exits with its own code 41
 * right at the start of main(): proof that it loads and links at run time.
 */
export function checkWorkerStarts(bin) {
  const result = spawnSync(bin, [], { env: {}, encoding: 'utf8', timeout: 15_000 });
  if (result.status !== 41) {
    const why = result.error?.message ?? result.signal ?? `exit code ${result.status}`;
    throw new Error(`${bin} does not start (${why}). ${(result.stderr ?? '').trim()}`);
  }
}

function installBinary(bin, dest) {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const partial = `${dest}.partial-${process.pid}`;
  fs.copyFileSync(bin, partial);
  fs.chmodSync(partial, 0o755);
  fs.renameSync(partial, dest);
}

function libraryVersions() {
  return hasDpkg() ? Object.fromEntries(installedVersions(LINKED_DEV_PACKAGES)) : {};
}

async function buildIntoCache({ key, mediasoup, jobs, replace, log }) {
  const logDir = path.join(cacheRoot(), 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${key}.log`);
  fs.writeFileSync(logFile, `mediasoup ${mediasoup.version}, key ${key}, ${new Date().toISOString()}\n`);
  const buildDir = makeBuildDir(key);
  const src = path.join(buildDir, 'worker');
  const out = path.join(buildDir, 'out');
  const started = Date.now();
  const step = (label) => ({ logFile, log, label });

  log(`building mediasoup-worker ${mediasoup.version} with ${jobs} jobs; the first build on a machine takes`);
  log(`about 8-12 minutes on 2 cores. Log: ${logFile}`);
  try {
    log('preparing sources (copy, source edits, Debian shims)');
    prepareWorkerSources(path.join(mediasoup.dir, 'worker'), src);
    log('meson setup');
    await runLogged('meson', mesonSetupArgs(src, out), step('meson setup'));
    const targets = flatbufferTargets(
      await runLogged('ninja', ['-C', out, '-t', 'targets', 'all'], { ...step('ninja targets'), capture: true }),
    );
    if (targets.length === 0) throw new Error('No fbs/FBS targets in the ninja build: the recipe needs review.');
    log(`generating ${targets.length} flatbuffers headers`);
    await runLogged('ninja', ['-C', out, `-j${jobs}`, ...targets], step('flatbuffers headers'));
    log('compiling');
    await runLogged('ninja', ['-C', out, `-j${jobs}`, WORKER_TARGET], step('compiling'));

    const built = path.join(out, WORKER_TARGET);
    checkWorkerStarts(built);
    const staged = path.join(buildDir, 'publish');
    fs.mkdirSync(staged);
    fs.copyFileSync(built, path.join(staged, WORKER_TARGET));
    fs.copyFileSync(logFile, path.join(staged, 'build.log'));
    const info = {
      mediasoupVersion: mediasoup.version,
      key,
      libraries: libraryVersions(),
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
      jobs,
    };
    fs.writeFileSync(path.join(staged, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
    const entry = publish(buildDir, key, { replace });
    log(`built in ${formatDuration(Date.now() - started)}, cached at ${entry}`);
    return path.join(entry, WORKER_TARGET);
  } catch (error) {
    error.message += `\n--- last lines of ${logFile} ---\n${tailOfFile(logFile)}\n--- end of log ---`;
    throw error;
  } finally {
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
}

/**
 * Makes sure node_modules/mediasoup has a working worker binary: from the
 * machine's cache when one was built for the same inputs, else built now.
 * @param {{ force?: boolean, jobs?: number, log?: (line: string) => void }} [options]
 *   force: rebuild even on a cache hit. jobs: parallel compile jobs (default: CPU count).
 */
export async function ensureMediasoupWorker({ force = false, jobs = os.availableParallelism(), log = defaultLog } = {}) {
  const override = process.env.MEDIASOUP_WORKER_BIN;
  if (override) {
    if (fs.existsSync(override)) {
      log(`MEDIASOUP_WORKER_BIN=${override} exists: not building.`);
      return { bin: override, source: 'env' };
    }
    log(`MEDIASOUP_WORKER_BIN=${override} does not exist: ignoring it and building.`);
  }

  const started = Date.now();
  const mediasoup = locateMediasoup();
  const key = computeCacheKey(mediasoup.version);
  const dest = installedWorkerPath(mediasoup.dir);
  const cached = cachedBinary(key);

  const fromCache = () => {
    if (!fs.existsSync(cached)) return false;
    try {
      checkWorkerStarts(cached);
    } catch (error) {
      log(`cached worker unusable, rebuilding: ${error.message}`);
      return false;
    }
    installBinary(cached, dest);
    log(`installed the cached worker (${key}) in ${formatDuration(Date.now() - started)}`);
    return true;
  };

  if (!force && fromCache()) return { bin: dest, source: 'cache', key };
  const release = await lockKey(key, log);
  try {
    // Another install may have built it while this one waited for the lock.
    if (!force && fromCache()) return { bin: dest, source: 'cache', key };
    const built = await buildIntoCache({ key, mediasoup, jobs, replace: true, log });
    installBinary(built, dest);
    checkWorkerStarts(dest);
    log(`installed ${dest}`);
    return { bin: dest, source: 'build', key };
  } finally {
    release();
  }
}

function parseArgs(argv) {
  const options = { force: false, jobs: os.availableParallelism() };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--force') options.force = true;
    else if (argv[i] === '--jobs') options.jobs = Number(argv[++i]);
    else if (argv[i] === '--help') options.help = true;
    else throw new Error(`Unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new Error('--jobs needs a positive integer');
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  try {
    const options = parseArgs(process.argv.slice(2));
    if (options.help) {
      console.log('Usage: node infra/mediasoup/build-worker.mjs [--force] [--jobs N]');
    } else {
      ensureDebianPackages(BUILD_PACKAGES, { log: defaultLog });
      await ensureMediasoupWorker(options);
    }
  } catch (error) {
    console.error(`[mediasoup-worker] ${error.message}`);
    process.exitCode = 1;
  }
}
