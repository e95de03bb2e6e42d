// Root postinstall (npm install / npm ci). Runs on Node 24 through npm's PATH.
// 1. Debian packages: the worker's build dependencies and the tools the tests
//    drive (Chromium, poppler-utils, qpdf). Installed here when running as
//    root, otherwise the exact apt-get command is printed and the install stops.
// 2. mediasoup's C++ worker, whose own install script package.json denies
//    (it downloads from GitHub and pip): built from node_modules/mediasoup
//    once per machine and cached outside the clone (infra/mediasoup/).
import './check-node.mjs';

import fs from 'node:fs';

import { BUILD_PACKAGES, TEST_PACKAGES, ensureDebianPackages } from '../mediasoup/lib/debian.mjs';
import { ensureMediasoupWorker } from '../mediasoup/build-worker.mjs';

const log = (line) => console.log(`[postinstall] ${line}`);

try {
  const override = process.env.MEDIASOUP_WORKER_BIN;
  const workerGiven = Boolean(override) && fs.existsSync(override);
  ensureDebianPackages(workerGiven ? [...TEST_PACKAGES] : [...BUILD_PACKAGES, ...TEST_PACKAGES], { log });
  await ensureMediasoupWorker();
} catch (error) {
  console.error(`\n[postinstall] ${error.message}\n`);
  process.exit(1);
}
