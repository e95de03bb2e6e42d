export { MediaWorkerProcess, startMediaWorkerProcess, type MediaWorkerProcessEvents, type StartMediaWorkerProcessOptions } from './spawn';
export { MediaWorkerConfigSchema, type MediaWorkerConfig } from './config';
export type { ReadyMessage } from './ipc';
export { mediaCodecs } from './mediaCodecs';
