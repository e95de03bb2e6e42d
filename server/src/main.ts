import { nodeVersionProblem } from '@oac/shared';
import { ConfigError, loadConfig } from './config';
import { logger } from './logger';
import { startServer } from './server';

// Runs the server alone, against configured PostgreSQL, S3 and media worker (production).
// `npm start` at the top level runs infra/src/start.ts instead, which also brings up the embedded parts.
const nodeProblem = nodeVersionProblem(process.versions.node);
if (nodeProblem) {
  console.error(nodeProblem);
  process.exit(1);
}

try {
  const config = loadConfig(process.env);
  const server = await startServer(config);
  const stop = () => void server.close().then(() => process.exit(0));
  // An orchestrator's stop: take no new calls, let the running ones end within the grace period.
  process.once('SIGTERM', () => void server.drain(config.DRAIN_GRACE_SECONDS * 1000).then(stop));
  process.once('SIGINT', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  logger('server').fatal({ err }, 'main() failed to start');
  process.exit(1);
}
