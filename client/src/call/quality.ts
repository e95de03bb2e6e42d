import type { LinkStats } from './MediaLink';

export interface Quality {
  level: 'good' | 'fair' | 'poor';
  sendKbps: number;
  recvKbps: number;
  /** Lost packets over the last interval, in percent. */
  lossPercent: number;
  rttMs: number | null;
}

/**
 * How good our link is, from getStats: loss hurts most (a frozen picture, broken words), then the
 * round trip (people talk over each other). The thresholds follow what calls feel like: under 2 %
 * loss and 300 ms is fine; over 8 % or 600 ms is not.
 */
export function qualityOf(stats: Pick<LinkStats, 'sendKbps' | 'recvKbps' | 'loss' | 'rttMs'>): Quality {
  const lossPercent = Math.round(stats.loss * 1000) / 10;
  const rtt = stats.rttMs ?? 0;
  const level = lossPercent > 8 || rtt > 600 ? 'poor' : lossPercent > 2 || rtt > 300 ? 'fair' : 'good';
  return { level, sendKbps: stats.sendKbps, recvKbps: stats.recvKbps, lossPercent, rttMs: stats.rttMs };
}
