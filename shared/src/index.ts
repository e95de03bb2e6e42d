export * from './ack';
export * from './api/index';
export * from './errors';
export * from './limits';
export * from './media';
export * from './media-channel';
export * from './socket';
export * from './runtime';
