export { MediaChannel, type MediaChannelEvents, type MediaConnectOptions, type MediaRequestOptions } from './MediaChannel';
