import forge from 'node-forge';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * The development PKI: a throwaway CA and the two signing certificates it issues. node-forge is
 * used for X.509 and PKCS#12 only; it never builds a CMS here (its PKCS#7 writer drops unknown
 * signed attributes, see RECIPES), @libpdf/core does that.
 */

const YEAR_MS = 365 * 24 * 3600 * 1000;
const ORGANISATION = 'Ajuntament (demo)';

export const DEV_SEAL_SUBJECT = "OAC et truca — segell d'oficina (desenvolupament)";
export const DEV_PLATFORM_SUBJECT = 'OAC et truca — signatura de plataforma (desenvolupament)';
const DEV_CA_SUBJECT = 'OAC et truca — CA (desenvolupament)';

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

/** RSA keys come from node:crypto (forge's pure-JS key generation takes seconds). */
function newKeyPair(): KeyPair {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 3072,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKey: forge.pki.privateKeyFromPem(pair.privateKey), publicKey: forge.pki.publicKeyFromPem(pair.publicKey) };
}

function distinguishedName(commonName: string): forge.pki.CertificateField[] {
  // UTF8String, since the names carry "—" and accents; forge encodes the JS string itself.
  // (@types/node-forge types valueTagClass as a tag class; forge reads it as the string's tag.)
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  return [
    { shortName: 'CN', value: commonName, valueTagClass: utf8 },
    { shortName: 'O', value: ORGANISATION, valueTagClass: utf8 },
  ];
}

function positiveSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function newCertificate(keys: KeyPair, subject: string, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = positiveSerial();
  // An hour back, so that a clock a little behind still accepts a fresh certificate.
  cert.validity.notBefore = new Date(Date.now() - 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + years * YEAR_MS);
  cert.setSubject(distinguishedName(subject));
  return cert;
}

function issueSigningCert(ca: forge.pki.Certificate, caKeys: KeyPair, subject: string): { cert: forge.pki.Certificate; keys: KeyPair } {
  const keys = newKeyPair();
  const cert = newCertificate(keys, subject, 3);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());
  return { cert, keys };
}

function toPkcs12(keys: KeyPair, chain: forge.pki.Certificate[], password: string, friendlyName: string): Uint8Array {
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, chain, password, { algorithm: 'aes256', friendlyName });
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

export interface DevPki {
  caPem: string;
  sealP12: Uint8Array;
  platformP12: Uint8Array;
  password: string;
}

/**
 * A new CA, an office seal certificate and a platform signature certificate, each bundled with its
 * key and the CA in a PKCS#12 (AES-256). The CA's own key is not kept: nothing else is ever issued.
 */
export function generateDevPki(): DevPki {
  const caKeys = newKeyPair();
  const ca = newCertificate(caKeys, DEV_CA_SUBJECT, 10);
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const password = randomBytes(24).toString('base64url');
  const seal = issueSigningCert(ca, caKeys, DEV_SEAL_SUBJECT);
  const platform = issueSigningCert(ca, caKeys, DEV_PLATFORM_SUBJECT);
  return {
    caPem: forge.pki.certificateToPem(ca),
    sealP12: toPkcs12(seal.keys, [seal.cert, ca], password, 'seal'),
    platformP12: toPkcs12(platform.keys, [platform.cert, ca], password, 'platform'),
    password,
  };
}
