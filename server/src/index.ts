export { loadConfig, describeConfig, ConfigError, type Config } from './config';
export { startServer, type RunningServer } from './server';
export { createDb, migrateLatest, type Db } from './db/knex';
export { seedDemo, DEMO_LOGINS } from './db/seed';
export { ObjectStore } from './storage/object-store';
export { stampPdf, stampLines } from './documents/stamp';
