import type { DocumentInfo } from '@oac/shared';
import { describe, expect, it } from 'vitest';
import { groupDocuments, mergeVersions, previewKind, typeLabel } from './group';

let n = 0;
function version(documentId: string, v: number, over: Partial<DocumentInfo> = {}): DocumentInfo {
  n += 1;
  const id = v === 1 ? documentId : `${documentId.slice(0, -4)}${String(1000 + n).slice(-4)}`;
  return {
    id,
    appointmentId: '00000000-0000-4000-8000-000000000001',
    documentId,
    version: v,
    kind: v === 1 ? 'upload' : 'stamped',
    filename: 'a.pdf',
    contentType: 'application/pdf',
    sizeBytes: 100,
    sha256: 'a'.repeat(64),
    uploadedBy: { kind: 'citizen', name: 'Anna' },
    sourceId: null,
    reason: null,
    flags: [],
    pages: 1,
    verificationCode: null,
    signature: null,
    signatureRequest: null,
    deleted: null,
    createdAt: `2026-12-01T10:00:0${n % 10}.000Z`,
    ...over,
  };
}

const A = '00000000-0000-4000-8000-00000000aaaa';
const B = '00000000-0000-4000-8000-00000000bbbb';

describe('groupDocuments', () => {
  it('puts versions of one lineage together, oldest first, the newest standing for the document', () => {
    const a1 = version(A, 1, { createdAt: '2026-12-01T10:00:00.000Z' });
    const b1 = version(B, 1, { createdAt: '2026-12-01T10:01:00.000Z' });
    const a2 = version(A, 2, { createdAt: '2026-12-01T10:02:00.000Z' });
    const a3 = version(A, 3, { createdAt: '2026-12-01T10:03:00.000Z', kind: 'sealed' });
    const groups = groupDocuments([a3, b1, a2, a1]);
    expect(groups.map((g) => g.documentId)).toEqual([A, B]);
    expect(groups[0]!.versions.map((d) => d.version)).toEqual([1, 2, 3]);
    expect(groups[0]!.latest.kind).toBe('sealed');
    expect(groups[1]!.latest).toBe(b1);
    expect(groups.every((g) => !g.deleted)).toBe(true);
  });

  it('marks a document deleted when its newest version is a tombstone', () => {
    const tomb = { at: '2026-12-01T11:00:00.000Z', byName: 'Marta', reason: 'wrong file' };
    const groups = groupDocuments([version(A, 1, { deleted: tomb }), version(B, 1)]);
    expect(groups.map((g) => g.deleted)).toEqual([true, false]);
  });

  it('gives an empty list for no documents', () => {
    expect(groupDocuments([])).toEqual([]);
  });
});

describe('mergeVersions', () => {
  it('adds unknown versions in creation order and keeps the same array when nothing is new', () => {
    const a1 = version(A, 1, { createdAt: '2026-12-01T10:00:00.000Z' });
    const b1 = version(B, 1, { createdAt: '2026-12-01T10:01:00.000Z' });
    const current = [b1];
    const merged = mergeVersions(current, [a1, b1]);
    expect(merged.map((d) => d.id)).toEqual([a1.id, b1.id]);
    expect(mergeVersions(merged, [a1])).toBe(merged);
    expect(mergeVersions(merged, [])).toBe(merged);
  });

  it('replaces a version by its tombstone', () => {
    const a1 = version(A, 1);
    const tomb = { ...a1, deleted: { at: '2026-12-01T11:00:00.000Z', byName: 'Marta', reason: 'duplicate' } };
    const merged = mergeVersions([a1], [tomb]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.deleted?.reason).toBe('duplicate');
  });
});

describe('previewKind and typeLabel', () => {
  it('previews PDFs with pdf.js, PNG and JPEG as images, and never HEIC', () => {
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('image/heic')).toBe('heic');
    expect(previewKind('text/plain')).toBe('none');
    expect(typeLabel('image/heic')).toBe('HEIC');
    expect(typeLabel('application/pdf')).toBe('PDF');
  });
});
