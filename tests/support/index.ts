export * from './context';
export * from './http';
export * from './socket';
export * from './own-postgres';
export * from './media';
export * from './turn';
