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
