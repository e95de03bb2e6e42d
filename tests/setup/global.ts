import { nodeVersionProblem } from '@oac/shared';
import type { TestProject } from 'vitest/node';
import { startEmbeddedS3 } from '@oac/infra/embedded';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTestPostgres } from '../support/postgres';
import '../support/context';

/** Real PostgreSQL (TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded one) and a real S3 server, for the whole run. */
export default async function setup(project: TestProject) {
  const nodeProblem = nodeVersionProblem(process.versions.node);
  if (nodeProblem) throw new Error(nodeProblem);
  const pg = await resolveTestPostgres();
  const s3Dir = mkdtempSync(path.join(os.tmpdir(), 'oac-s3-'));
  const s3 = await startEmbeddedS3({ dataDir: s3Dir, port: 0, bucket: 'oac-test' });
  project.provide('pgAdminUrl', pg.adminUrl);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await s3.stop();
    rmSync(s3Dir, { recursive: true, force: true });
    await pg.stop();
  };
}
