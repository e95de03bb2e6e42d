import type { DigestAlgorithm, TimestampAuthority } from '@libpdf/core';
import { AppError } from '@oac/shared';
import * as asn1js from 'asn1js';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as pkijs from 'pkijs';

const DIGEST_OIDS: Record<DigestAlgorithm, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

const unavailable = (message: string, cause?: unknown) =>
  new AppError('timestamp_unavailable', message, cause instanceof Error ? { cause: cause.message } : undefined);

/**
 * An RFC 3161 client for @libpdf/core's signing, which checks what libpdf's own HTTP client does
 * not: that the token answers this request (its nonce) about this signature (its message imprint).
 * A TSA that is slow, down, refuses, or answers something else is `timestamp_unavailable`, so the
 * caller can retry or seal without the timestamp; a B-T seal never carries a token it did not ask for.
 */
export class CheckedTimestampAuthority implements TimestampAuthority {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async timestamp(digest: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
    const nonce = randomBytes(8);
    nonce[0] = (nonce[0] ?? 0) & 0x7f; // a positive INTEGER keeps its bytes as they are
    const request = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS[algorithm] }),
        hashedMessage: new asn1js.OctetString({ valueHex: digest }),
      }),
      nonce: new asn1js.Integer({ valueHex: nonce }),
      certReq: true,
    });
    const reply = await this.post(request.toSchema().toBER(false));
    return checkReply(reply, { nonce, digest, algorithmOid: DIGEST_OIDS[algorithm] });
  }

  private async post(body: ArrayBuffer): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) throw unavailable(`The timestamp authority answered HTTP ${response.status}.`);
      return new Uint8Array(await response.arrayBuffer());
    } catch (err) {
      if (err instanceof AppError) throw err;
      const timedOut = (err as Error).name === 'TimeoutError';
      throw unavailable(
        timedOut ? `The timestamp authority did not answer within ${this.timeoutMs} ms.` : 'The timestamp authority could not be reached.',
        err,
      );
    }
  }
}

interface Expected {
  nonce: Uint8Array;
  digest: Uint8Array;
  algorithmOid: string;
}

/** Parses a TimeStampResp and returns its token (DER ContentInfo) if it answers `expected`. */
export function checkReply(reply: Uint8Array, expected: Expected): Uint8Array {
  let tstInfo: pkijs.TSTInfo;
  let token: pkijs.ContentInfo;
  try {
    const resp = pkijs.TimeStampResp.fromBER(new Uint8Array(reply));
    const status = resp.status.status;
    if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
      throw unavailable(`The timestamp authority refused the request (status ${status}).`);
    }
    if (!resp.timeStampToken) throw unavailable('The timestamp reply carries no token.');
    token = resp.timeStampToken;
    const signed = new pkijs.SignedData({ schema: token.content });
    const eContent = signed.encapContentInfo.eContent;
    if (!eContent) throw unavailable('The timestamp token has no TSTInfo.');
    tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unavailable('The timestamp reply could not be read.', err);
  }
  const imprint = tstInfo.messageImprint;
  if (imprint.hashAlgorithm.algorithmId !== expected.algorithmOid || !sameBytes(imprint.hashedMessage.getValue(), expected.digest)) {
    throw unavailable('The timestamp token is not about this signature (message imprint mismatch).');
  }
  if (!tstInfo.nonce || tstInfo.nonce.toBigInt() !== bigFrom(expected.nonce)) {
    throw unavailable('The timestamp token does not answer this request (nonce mismatch).');
  }
  return new Uint8Array(token.toSchema().toBER(false));
}

function sameBytes(a: ArrayBuffer | Uint8Array, b: Uint8Array): boolean {
  const left = new Uint8Array(a);
  return left.length === b.length && timingSafeEqual(left, b);
}

function bigFrom(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}
