import type { DocumentFlag, ErrorCode, UploadType } from '@oac/shared';

/** The caps an upload is inspected under (from configuration). */
export interface InspectLimits {
  maxPages: number;
  maxInflatedBytes: number;
  maxImagePixels: number;
}

/** What the upload-time inspection found in a file it accepted. */
export interface InspectResult {
  type: UploadType;
  pages?: number;
  width?: number;
  height?: number;
  flags: DocumentFlag[];
}

/** A task's answer across the thread boundary, where an AppError would lose its class and code. */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };
