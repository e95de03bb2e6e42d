import { P12Signer } from '@libpdf/core';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningIdentities } from './index';

const run = promisify(execFile);

async function certText(p12: Uint8Array, password: string, dir: string): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.p12`);
  writeFileSync(file, p12);
  // OpenSSL reading the bundle is the interoperability check: forge wrote it, libpdf reads it.
  const { stdout: pem } = await run('openssl', ['pkcs12', '-in', file, '-passin', `pass:${password}`, '-nokeys', '-clcerts']);
  const certFile = `${file}.pem`;
  writeFileSync(certFile, pem);
  const { stdout } = await run('openssl', ['x509', '-in', certFile, '-noout', '-text', '-nameopt', 'utf8']);
  return stdout;
}

describe('the signing identities', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oac-pki-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a development CA, seal and platform certificate once, and reuses them', async () => {
    const devDir = path.join(dir, 'pki');
    const first = await loadSigningIdentities({ devDir, production: false });
    const second = await loadSigningIdentities({ devDir, production: false });
    expect(second.seal.caPem).toBe(first.seal.caPem);
    expect(Buffer.from(second.seal.p12).equals(Buffer.from(first.seal.p12))).toBe(true);
    expect(Buffer.from(second.platform.p12).equals(Buffer.from(first.platform.p12))).toBe(true);
    expect(first.seal.source).toBe('development');
    expect(first.seal.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(readdirSync(devDir).sort()).toEqual(['ca.pem', 'password', 'platform.p12', 'seal.p12']);
    expect(statSync(path.join(devDir, 'seal.p12')).mode & 0o077).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const seal = await certText(first.seal.p12, first.seal.password, dir);
    expect(seal).toContain("CN=OAC et truca — segell d'oficina (desenvolupament), O=Ajuntament (demo)");
    expect(seal).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(seal).toMatch(/Issuer: CN=OAC et truca — CA \(desenvolupament\)/);
    const platform = await certText(first.platform.p12, first.platform.password, dir);
    expect(platform).toContain('CN=OAC et truca — signatura de plataforma (desenvolupament)');
  });

  it('gives two nodes starting at once the same set', async () => {
    const devDir = path.join(dir, 'race');
    const [a, b] = await Promise.all([
      loadSigningIdentities({ devDir, production: false }),
      loadSigningIdentities({ devDir, production: false }),
    ]);
    expect(a.seal.caPem).toBe(b.seal.caPem);
    expect(Buffer.from(a.seal.p12).equals(Buffer.from(b.seal.p12))).toBe(true);
    const signer = await P12Signer.create(b.seal.p12, b.seal.password);
    expect(signer.certificate.length).toBeGreaterThan(500);
    expect(readdirSync(dir).filter((f) => f.startsWith('race.'))).toEqual([]);
  });

  it('uses a configured PKCS#12, for the platform too when none is given for it', async () => {
    const dev = await loadSigningIdentities({ devDir: path.join(dir, 'source'), production: false });
    const file = path.join(dir, 'office.p12');
    writeFileSync(file, dev.seal.p12);
    const ids = await loadSigningIdentities({
      sealP12Path: file,
      sealP12Password: dev.seal.password,
      devDir: path.join(dir, 'unused'),
      production: true,
    });
    expect(ids.seal).toMatchObject({ source: 'configured', caPem: null, password: dev.seal.password });
    expect(ids.platform).toBe(ids.seal);
    expect(() => statSync(path.join(dir, 'unused'))).toThrow();
  });

  it('refuses a wrong password at start-up, and production without a seal', async () => {
    const dev = await loadSigningIdentities({ devDir: path.join(dir, 'source'), production: false });
    const file = path.join(dir, 'office.p12');
    writeFileSync(file, dev.seal.p12);
    await expect(loadSigningIdentities({ sealP12Path: file, sealP12Password: 'wrong', devDir: dir, production: true })).rejects.toThrow(
      /cannot be opened/,
    );
    await expect(loadSigningIdentities({ devDir: path.join(dir, 'prod'), production: true })).rejects.toThrow(/SEAL_P12_PATH/);
  });
});
