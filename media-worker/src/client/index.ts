// The server's end of the channel to the media worker: what `@oac/media-worker/client` exports.
export { MediaChannel, type MediaChannelEvents, type MediaConnectOptions, type MediaRequestOptions } from './MediaChannel';
