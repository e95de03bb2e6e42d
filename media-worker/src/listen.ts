import type { NetworkInterfaceInfo } from 'node:os';
import type { types } from 'mediasoup';

/** The parts of the configuration that say where browsers reach the media. */
export interface ListenSettings {
  /** `auto`, or IPs separated by commas. */
  listenIps: string;
  announcedAddress: string | undefined;
  /** The first worker's port; 0 for any free port in the range. */
  port: number;
  portRange: { min: number; max: number };
}

const LOOPBACK = '127.0.0.1';
const ANY = '0.0.0.0';

/**
 * The IPs to listen on. `auto` is loopback plus every IPv4 address of this machine's interfaces:
 * Chromium pairs with a loopback candidate, but Firefox never does (it gathers only interface
 * addresses and refuses a 127.0.0.1 remote candidate, RECIPES.md), so a call between the two must
 * offer an interface address as well. Behind NAT, with an announced address, the default is all
 * interfaces, announced as that one address.
 */
export function resolveListenIps(
  settings: Pick<ListenSettings, 'listenIps' | 'announcedAddress'>,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string[] {
  if (settings.listenIps !== 'auto') {
    return [
      ...new Set(
        settings.listenIps
          .split(',')
          .map((ip) => ip.trim())
          .filter(Boolean),
      ),
    ];
  }
  if (settings.announcedAddress) return [ANY];
  const own = Object.values(interfaces)
    .flat()
    .filter((i): i is NetworkInterfaceInfo => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
  return [...new Set([LOOPBACK, ...own])];
}

/**
 * The listen infos of one mediasoup worker's WebRtcServer: every transport of that worker shares
 * one UDP and one TCP port per IP (worker `slot` uses `port + slot`), UDP preferred and ICE-TCP as
 * the fallback for networks that block UDP.
 */
export function webRtcServerListenInfos(settings: ListenSettings, ips: string[], slot: number): types.TransportListenInfo[] {
  return ips.flatMap((ip) =>
    (['udp', 'tcp'] as const).map((protocol) => ({
      protocol,
      ip,
      ...(settings.announcedAddress ? { announcedAddress: settings.announcedAddress } : {}),
      ...(settings.port === 0 ? { portRange: settings.portRange } : { port: settings.port + slot }),
    })),
  );
}

/**
 * Where a worker's plain RTP transports listen (a phone gateway, a recorder): the first listen IP,
 * announced as the announced address. A plain transport has no ICE to share a port through, so each
 * takes a UDP port of its own from the RTC range, minus the WebRtcServers' fixed ports (RTC_PORT +
 * slot), which a plain transport must never hold while a dead worker's replacement wants its port back.
 */
export function plainTransportListenInfo(settings: ListenSettings, ips: string[], numWorkers: number): types.TransportListenInfo {
  return {
    protocol: 'udp',
    ip: ips[0] ?? LOOPBACK,
    ...(settings.announcedAddress ? { announcedAddress: settings.announcedAddress } : {}),
    portRange: plainPortRange(settings, numWorkers),
  };
}

/** The RTC range without the WebRtcServers' fixed ports: the larger of what lies below and above them. */
export function plainPortRange(settings: ListenSettings, numWorkers: number): { min: number; max: number } {
  const { min, max } = settings.portRange;
  if (settings.port === 0) return { min, max };
  const first = settings.port;
  const last = settings.port + numWorkers - 1;
  if (last < min || first > max) return { min, max };
  const below = { min, max: first - 1 };
  const above = { min: last + 1, max };
  const size = (r: { min: number; max: number }) => r.max - r.min + 1;
  const best = size(above) >= size(below) ? above : below;
  if (size(best) < 1) throw new Error('the RTC port range holds only the WebRtcServer ports; plain transports need ports of their own');
  return best;
}
