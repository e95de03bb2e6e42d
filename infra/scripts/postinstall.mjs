// Placeholder replaced by the mediasoup worker build.
import './check-node.mjs';
