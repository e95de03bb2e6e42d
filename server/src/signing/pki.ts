import { P12Signer } from '@libpdf/core';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';
import { logger } from '../logger';
import { generateDevPki } from './dev-pki';

const log = logger('signing.pki');

/**
 * One signing identity as plain data, so it can be handed to a worker thread: the PKCS#12 bundle
 * (key, certificate, chain) and its password.
 */
export interface SigningIdentity {
  p12: Uint8Array;
  password: string;
  /** The development CA, for a test's trust store; null for a configured (production) identity. */
  caPem: string | null;
  source: 'configured' | 'development';
}

/**
 * The office seal signs what the office issues. Citizen signatures are made by the platform on the
 * citizen's behalf: the citizen draws (or types) their signature, the platform places the image
 * and signs the revision with its own "platform signature" certificate, and the signature
 * dictionary names the citizen (/Name), says why (/Reason, in the document's language) and from
 * where (/Location: the client address). The certificate never claims to be the citizen's: a
 * validator shows the platform as signer, with the citizen's name as the stated signer name.
 * Without a separate platform certificate in production, the office seal is used for both.
 */
export interface SigningIdentities {
  seal: SigningIdentity;
  platform: SigningIdentity;
}

export interface PkiSettings {
  sealP12Path?: string;
  sealP12Password?: string;
  platformP12Path?: string;
  platformP12Password?: string;
  /** Where the development PKI lives (generated at first start). */
  devDir: string;
  /** In production a configured seal is required; no development CA is ever made. */
  production: boolean;
}

export function pkiSettings(config: Config): PkiSettings {
  return {
    sealP12Path: config.SEAL_P12_PATH,
    sealP12Password: config.SEAL_P12_PASSWORD,
    platformP12Path: config.PLATFORM_P12_PATH,
    platformP12Password: config.PLATFORM_P12_PASSWORD,
    devDir: config.DEV_PKI_DIR,
    production: config.NODE_ENV === 'production',
  };
}

const FILES = { ca: 'ca.pem', seal: 'seal.p12', platform: 'platform.p12', password: 'password' } as const;

/** Reads the configured identities, or makes (once) and reads the development ones. */
export async function loadSigningIdentities(settings: PkiSettings): Promise<SigningIdentities> {
  if (settings.sealP12Path) {
    const seal = await loadConfigured(settings.sealP12Path, settings.sealP12Password ?? '');
    const platform = settings.platformP12Path ? await loadConfigured(settings.platformP12Path, settings.platformP12Password ?? '') : seal;
    return { seal, platform };
  }
  if (settings.production) {
    throw new Error('SEAL_P12_PATH: the office seal certificate is required in production');
  }
  return loadDevelopment(settings.devDir);
}

async function loadConfigured(file: string, password: string): Promise<SigningIdentity> {
  const p12 = new Uint8Array(await readFile(file));
  await assertOpens(p12, password, file);
  return { p12, password, caPem: null, source: 'configured' };
}

/** A wrong password or a bundle without a key fails at start-up, not at the first seal. */
async function assertOpens(p12: Uint8Array, password: string, where: string): Promise<void> {
  try {
    await P12Signer.create(p12, password);
  } catch (err) {
    throw new Error(`${where}: the PKCS#12 bundle cannot be opened (${(err as Error).message})`, { cause: err });
  }
}

async function loadDevelopment(dir: string): Promise<SigningIdentities> {
  const dirPath = path.resolve(dir);
  if (!existsSync(dirPath)) await createDevelopment(dirPath);
  const read = (name: string) => readFile(path.join(dirPath, name));
  let files: [Buffer, Buffer, Buffer, Buffer];
  try {
    files = await Promise.all([read(FILES.ca), read(FILES.seal), read(FILES.platform), read(FILES.password)]);
  } catch (err) {
    throw new Error(`${dirPath}: the development PKI is incomplete; delete the folder to make a new one`, { cause: err });
  }
  const [ca, seal, platform, password] = files;
  const caPem = ca.toString('utf8');
  const pw = password.toString('utf8').trim();
  const sealId: SigningIdentity = { p12: new Uint8Array(seal), password: pw, caPem, source: 'development' };
  await assertOpens(sealId.p12, pw, path.join(dirPath, FILES.seal));
  return { seal: sealId, platform: { p12: new Uint8Array(platform), password: pw, caPem, source: 'development' } };
}

/**
 * Written into a sibling folder and renamed into place, so that a second node starting at the same
 * moment either wins the rename or reads the first one's complete set, never half of each.
 */
async function createDevelopment(dirPath: string): Promise<void> {
  const pki = generateDevPki();
  const staging = `${dirPath}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    await writeFile(path.join(staging, FILES.ca), pki.caPem);
    await writeFile(path.join(staging, FILES.seal), pki.sealP12, { mode: 0o600 });
    await writeFile(path.join(staging, FILES.platform), pki.platformP12, { mode: 0o600 });
    await writeFile(path.join(staging, FILES.password), `${pki.password}\n`, { mode: 0o600 });
    await chmod(staging, 0o700);
    await rename(staging, dirPath);
    log.warn({ dir: dirPath }, 'createDevelopment() made a development CA and seal, for development only');
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    // Another node made it first: use theirs.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
  }
}
