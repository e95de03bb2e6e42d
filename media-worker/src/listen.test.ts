import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { plainPortRange, plainTransportListenInfo, resolveListenIps, webRtcServerListenInfos, type ListenSettings } from './listen';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal }) as NetworkInterfaceInfo;
const machine = {
  lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
  eth0: [iface('192.0.2.2', 'IPv4'), iface('fd00::2', 'IPv6')],
  wlan0: [iface('10.1.2.3', 'IPv4')],
};
const settings: ListenSettings = { listenIps: 'auto', announcedAddress: undefined, port: 40000, portRange: { min: 40000, max: 49999 } };

describe('resolveListenIps', () => {
  it('listens on loopback and every IPv4 interface address by default, so Firefox can pair too', () => {
    expect(resolveListenIps(settings, machine)).toEqual(['127.0.0.1', '192.0.2.2', '10.1.2.3']);
  });

  it('falls back to loopback alone on a machine without a network', () => {
    expect(resolveListenIps(settings, { lo: machine.lo })).toEqual(['127.0.0.1']);
  });

  it('listens on all interfaces behind an announced address', () => {
    expect(resolveListenIps({ listenIps: 'auto', announcedAddress: 'media.example.org' }, machine)).toEqual(['0.0.0.0']);
  });

  it('takes an explicit list as given, without repeats', () => {
    expect(resolveListenIps({ listenIps: ' 10.0.0.5, 10.0.0.5,127.0.0.1', announcedAddress: undefined }, machine)).toEqual([
      '10.0.0.5',
      '127.0.0.1',
    ]);
  });
});

describe('webRtcServerListenInfos', () => {
  it('gives each worker one UDP and one TCP port per IP, the base port plus its slot', () => {
    expect(webRtcServerListenInfos(settings, ['127.0.0.1', '192.0.2.2'], 1)).toEqual([
      { protocol: 'udp', ip: '127.0.0.1', port: 40001 },
      { protocol: 'tcp', ip: '127.0.0.1', port: 40001 },
      { protocol: 'udp', ip: '192.0.2.2', port: 40001 },
      { protocol: 'tcp', ip: '192.0.2.2', port: 40001 },
    ]);
  });

  it('takes free ports from the range when the port is 0, and announces the public address', () => {
    const infos = webRtcServerListenInfos({ ...settings, port: 0, announcedAddress: '203.0.113.7' }, ['0.0.0.0'], 3);
    expect(infos).toEqual([
      { protocol: 'udp', ip: '0.0.0.0', announcedAddress: '203.0.113.7', portRange: { min: 40000, max: 49999 } },
      { protocol: 'tcp', ip: '0.0.0.0', announcedAddress: '203.0.113.7', portRange: { min: 40000, max: 49999 } },
    ]);
  });
});

describe('plainTransportListenInfo', () => {
  it('listens on the first listen IP, each transport on a port of its own above the WebRtcServer ports', () => {
    expect(plainTransportListenInfo(settings, ['127.0.0.1', '192.0.2.2'], 2)).toEqual({
      protocol: 'udp',
      ip: '127.0.0.1',
      portRange: { min: 40002, max: 49999 },
    });
  });

  it('announces the public address behind NAT', () => {
    expect(plainTransportListenInfo({ ...settings, port: 0, announcedAddress: '203.0.113.7' }, ['0.0.0.0'], 2)).toEqual({
      protocol: 'udp',
      ip: '0.0.0.0',
      announcedAddress: '203.0.113.7',
      portRange: { min: 40000, max: 49999 },
    });
  });
});

describe('plainPortRange', () => {
  const range = (port: number, min: number, max: number) => ({ ...settings, port, portRange: { min, max } });

  it('keeps the whole range when the WebRtcServers take free ports from it, or sit outside it', () => {
    expect(plainPortRange(range(0, 40000, 49999), 4)).toEqual({ min: 40000, max: 49999 });
    expect(plainPortRange(range(30000, 40000, 49999), 4)).toEqual({ min: 40000, max: 49999 });
    expect(plainPortRange(range(39998, 40000, 49999), 2)).toEqual({ min: 40000, max: 49999 });
  });

  it('takes the larger side of the WebRtcServer ports', () => {
    expect(plainPortRange(range(49990, 40000, 49999), 2)).toEqual({ min: 40000, max: 49989 });
    expect(plainPortRange(range(40100, 40000, 49999), 2)).toEqual({ min: 40102, max: 49999 });
  });

  it('refuses a range that holds nothing but the WebRtcServer ports', () => {
    expect(() => plainPortRange(range(40000, 40000, 40001), 2)).toThrow(/ports of their own/);
  });
});
