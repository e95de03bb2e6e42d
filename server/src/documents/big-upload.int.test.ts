import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookFor, startTestServer, streamedUpload, type FillerKind, type TestServer } from '@oac/tests/support';

const SIZE = 200 * 1024 ** 2;
// The generated file's type: a valid one-page PDF around a 200 MB uncompressed stream of random
// bytes, which passes the upload-time PDF inspection; 'jpeg' sends the filler behind a JPEG's headers.
const KIND: FillerKind = 'pdf';

let t: TestServer;
let citizen: Awaited<ReturnType<typeof bookFor>>;

beforeAll(async () => {
  t = await startTestServer({ env: { UPLOAD_MAX_BYTES: String(256 * 1024 ** 2), DOCUMENT_MAX_BYTES_PER_APPOINTMENT: String(1024 ** 3) } });
  citizen = await bookFor(t, 'anna', 300);
});
afterAll(() => t?.stop());

describe('a 200 MB upload', () => {
  it('streams to S3 and back with the sha256 computed while sending, which the row records', { timeout: 120_000 }, async () => {
    const up = await streamedUpload(t.url, citizen.appointment.id, citizen.token, { size: SIZE, kind: KIND });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.sentBytes).toBe(SIZE);
    expect(up.body).toMatchObject({ sizeBytes: SIZE, sha256: up.sha256 });

    const row = await t.db('documents').where({ id: up.body.id }).first();
    expect(row).toMatchObject({ size_bytes: SIZE, sha256: up.sha256 });

    // Back through the API, hashed as it arrives: the test never holds the file.
    const res = await fetch(`${t.url}/api/documents/${up.body.id}/content`, { headers: { authorization: `Bearer ${citizen.token}` } });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(SIZE);
    const hash = createHash('sha256');
    let received = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      received += chunk.length;
    }
    expect(received).toBe(SIZE);
    expect(hash.digest('hex')).toBe(up.sha256);
  });
});
