/*
 * What a browser would send to produce, for tests that talk to the server's socket directly: the
 * media worker's own test fixtures, so that the two cannot drift apart. The media worker checks
 * them for real; no packet flows, since no browser is there to send one.
 */
export { opusRtpParameters, vp8RtpParameters } from '@oac/media-worker/test/support';
