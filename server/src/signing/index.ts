// The signing engine: pure bytes-in, bytes-out functions (plain data only, for a worker thread),
// and the identities they sign with.
export { DEFAULT_MAX_PAGES } from './guards';
export { sealPdf, signAsCitizen, type CitizenSignatureOptions, type SealOptions, type SignedPdf, type SigningKeyInput } from './pades';
export { loadSigningIdentities, pkiSettings, type PkiSettings, type SigningIdentities, type SigningIdentity } from './pki';
export { stampIncremental, type IncrementalStampOptions, type StampedPdf } from './stamp-incremental';
export { LABELS as SIGNING_LABELS, formatWhen, type DocumentLanguage } from './text';
