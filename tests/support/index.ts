export * from './context';
export * from './http';
