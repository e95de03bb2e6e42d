import type { ErrorBody } from './errors';

/** Every socket.io acknowledgement is a result, never a bare value or a thrown error. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (result: Ack<T>) => void;
