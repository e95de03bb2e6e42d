import { AppError, type VerifiedDocument } from '@oac/shared';
import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import type { RateLimiter } from '../rate-limits/rate-limiter';
import { SYSTEM } from '../audit/audit';
import type { ObjectStore } from '../storage/object-store';
import { auditDocument } from './service';
import type { DocumentView } from './repository';

// Digits and capitals without I, O (read as 1, 0): 32 symbols, 16 of them, 80 bits.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'.replace(/[IO]/g, '');

/** A fresh code: four groups of four, from a cryptographic source. */
export function newCode(): string {
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += ALPHABET[randomInt(ALPHABET.length)];
  }
  return out;
}

export interface VerifyLimits {
  /** Unknown codes one address may try per window before it is refused for the rest of it. */
  invalidPerWindow: number;
  windowSeconds: number;
}

/**
 * The CSV (código seguro de verificación) of issued documents: one code per document line, printed
 * on every page with a QR code, and a public check of what the office issued under it. Guessing is
 * what this must stop: only wrong codes count against an address, and an address over its limit is
 * refused even for a right one, so it cannot keep probing.
 */
export class VerificationCodes {
  constructor(
    private readonly db: Db,
    private readonly store: ObjectStore,
    private readonly limiter: RateLimiter,
    private readonly limits: VerifyLimits,
  ) {}

  /** A code not yet used; it is bound to its document by `attach` once the version is stored. */
  async reserve(): Promise<string> {
    for (;;) {
      const code = newCode();
      if (!(await this.db('document_codes').where({ code }).first('code'))) return code;
    }
  }

  /** Binds a code to its line, once: a line that has one keeps it. */
  async attach(code: string, lineageId: string, runner: Db | Knex.Transaction = this.db): Promise<void> {
    await runner('document_codes').insert({ code, lineage_id: lineageId }).onConflict('lineage_id').ignore();
  }

  private get quota() {
    return { bucket: 'verify_invalid', limit: this.limits.invalidPerWindow, windowSeconds: this.limits.windowSeconds };
  }

  private async lookup(code: string, address: string): Promise<{ versions: DocumentView[]; row: Record<string, unknown> }> {
    const gate = await this.limiter.peek(this.quota, address);
    if (!gate.allowed)
      throw new AppError('rate_limited', 'Too many wrong codes from this address. Try again later.', {
        retryAfterSeconds: gate.retryAfterSeconds,
      });
    const row = await this.db('document_codes as c')
      .join('documents as d', 'd.id', 'c.lineage_id')
      .join('tickets as t', 't.id', 'd.ticket_id')
      .join('offices as o', 'o.id', 't.office_id')
      .where('c.code', code)
      .first('c.lineage_id', 'c.created_at', 't.number as ticket_number', 'o.name_ca', 'o.name_es', 'o.name_en');
    if (!row) {
      await this.limiter.hit(this.quota, address);
      throw new AppError('verification_code_unknown', 'No document was issued with that code.');
    }
    const versions: DocumentView[] = await this.db('documents as d')
      .where('d.lineage_id', row.lineage_id)
      .orderBy('d.version')
      .select('d.*');
    return { versions, row };
  }

  async verify(code: string, address: string): Promise<VerifiedDocument> {
    const { versions, row } = await this.lookup(code, address);
    // What the office issued: the versions from the first that carries the code on.
    const issued = versions.filter((v) => v.kind !== 'upload');
    const current = [...issued].reverse().find((v) => !v.deleted_at) ?? issued[issued.length - 1]!;
    // The office issues; a citizen's signature is in the line, but the issuer is the clerk who first worked on it.
    const first = issued.find((v) => v.uploaded_by_kind === 'staff') ?? issued[0]!;
    return {
      code,
      filename: current.filename,
      ticketNumber: String(row.ticket_number),
      office: { ca: String(row.name_ca), es: String(row.name_es), en: String(row.name_en) },
      issuer: first.uploaded_by_name,
      issuedAt: (row.created_at as Date).toISOString(),
      sha256: current.sha256,
      sizeBytes: Number(current.size_bytes),
      kind: current.kind,
      sealed: issued.some((v) => v.kind === 'sealed' && !v.deleted_at),
      versions: issued.map((v) => ({ version: v.version, kind: v.kind, sha256: v.sha256, createdAt: v.created_at.toISOString() })),
      deleted: !issued.some((v) => !v.deleted_at),
    };
  }

  /** The current issued version's bytes, to whoever holds the code. */
  async open(code: string, address: string) {
    const { versions } = await this.lookup(code, address);
    const current = [...versions].reverse().find((v) => v.kind !== 'upload' && !v.deleted_at);
    if (!current?.s3_key) throw new AppError('document_deleted', 'This document has been deleted.');
    const content = await this.store.get(current.s3_key);
    await auditDocument(this.db, { ...SYSTEM, name: 'verification page' }, current, 'document.verified_download', { code });
    return { doc: current, ...content };
  }
}
