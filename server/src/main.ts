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
  const server = await startServer(loadConfig(process.env));
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  logger('server').fatal({ err }, 'main() failed to start');
  process.exit(1);
}
