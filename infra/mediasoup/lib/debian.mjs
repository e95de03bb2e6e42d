// Debian packages the project needs, checked with dpkg-query and, as root,
// installed with apt-get. Everything here runs synchronously at install time.
import { spawnSync } from 'node:child_process';

/** To build mediasoup's C++ worker against Debian's maintained libraries. */
export const BUILD_PACKAGES = Object.freeze([
  'g++',
  'make',
  'pkg-config',
  'meson',
  'ninja-build',
  'libssl-dev',
  'libuv1-dev',
  'libsrtp2-dev',
  'libabsl-dev',
  'flatbuffers-compiler',
  'libflatbuffers-dev',
]);

/** For the project's tests: Chromium end to end, PDF signature and structure checks. */
/** Firefox ESR for the cross-browser call tests (driven by puppeteer-core); coturn for TURN. */
export const TEST_PACKAGES = Object.freeze(['chromium', 'firefox-esr', 'coturn', 'webkit2gtk-driver', 'xvfb', 'poppler-utils', 'qpdf', 'libnss3-tools']);

/** The -dev packages whose libraries the worker links: their versions key the cache. */
export const LINKED_DEV_PACKAGES = Object.freeze([
  'libssl-dev',
  'libuv1-dev',
  'libsrtp2-dev',
  'libabsl-dev',
  'libflatbuffers-dev',
]);

export class MissingPackagesError extends Error {
  constructor(packages) {
    const list = packages.join(' ');
    super(
      `These Debian packages are missing: ${list}\n` +
        'Install them as root (or with sudo), then run npm install again:\n' +
        '  apt-get update\n' +
        `  apt-get install -y ${list}`,
    );
    this.name = 'MissingPackagesError';
    this.packages = packages;
  }
}

export function hasDpkg() {
  return spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Installed version of each package, or null when it is not installed.
 * dpkg-query exits 1 when one of them is unknown and still reports the others.
 */
export function installedVersions(packages) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package}\t${Status}\t${Version}\n', ...packages], {
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  const found = new Map();
  for (const line of result.stdout.split('\n')) {
    const [name, status, version] = line.split('\t');
    // Status is "<want> <error> <state>": only the state matters (hold ok installed is fine).
    if (name && status?.split(' ').at(-1) === 'installed') found.set(name, version);
  }
  return new Map(packages.map((p) => [p, found.get(p) ?? null]));
}

export function missingPackages(packages) {
  return [...installedVersions(packages)].filter(([, version]) => version === null).map(([p]) => p);
}

// A mirror that hiccups, or another apt holding the dpkg lock, must not fail a whole install.
const APT_ATTEMPTS = 3;
const APT_RETRY_SECONDS = 10;

function runApt(args, log) {
  for (let attempt = 1; ; attempt++) {
    log(`apt-get ${args.join(' ')}${attempt > 1 ? ` (attempt ${attempt} of ${APT_ATTEMPTS})` : ''}`);
    const result = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.error) throw result.error;
    if (result.status === 0) return;
    if (attempt >= APT_ATTEMPTS) throw new Error(`apt-get ${args[0]} failed with exit code ${result.status}`);
    spawnSync('sleep', [String(APT_RETRY_SECONDS)]);
  }
}

/**
 * Makes sure the packages are installed: as root, installs the missing ones;
 * otherwise throws MissingPackagesError with the exact command to run.
 * On a machine without dpkg it only warns: the build then reports what is missing.
 */
export function ensureDebianPackages(packages, { log = console.log } = {}) {
  if (!hasDpkg()) {
    log('dpkg-query not found: not a Debian machine, so the required packages are not checked.');
    return;
  }
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new MissingPackagesError(missing);
  log(`installing missing Debian packages: ${missing.join(' ')}`);
  runApt(['update'], log);
  runApt(['install', '-y', ...missing], log);
  const stillMissing = missingPackages(missing);
  if (stillMissing.length > 0) throw new MissingPackagesError(stillMissing);
}
