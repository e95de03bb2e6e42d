export { loadConfig, describeConfig, ConfigError, type Config } from './config';
export { startServer, type RunningServer } from './server';
export { createDb, migrateLatest, type Db } from './db/knex';
export { seedDemo, DEMO_LOGINS, BARCELONA_HOLIDAYS } from './db/seed';
export { ObjectStore, UPLOAD_PART_BYTES, UPLOAD_QUEUE_SIZE } from './storage/object-store';
export { SchedulingRepository } from './scheduling/repository';
export { SchedulingService } from './scheduling/service';
export { generateSlots, type GenerateInput } from './scheduling/generate';
export { hashPassword } from './auth/passwords';
