export * from './auth';
export * from './booking';
export * from './common';
export * from './documents';
export * from './health';
export * from './routes';
export * from './staff';
export * from './appointments';
