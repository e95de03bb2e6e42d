import type { DocumentInfo } from '@oac/shared';
import type { I18n } from '../i18n/I18nProvider';

/** Who made a version, in words: sent, prepared, stamped, signed or sealed by whom. */
export function authorLine(t: I18n['t'], doc: DocumentInfo): string {
  const name = doc.uploadedBy.name;
  switch (doc.kind) {
    case 'upload':
      return t(doc.uploadedBy.kind === 'citizen' ? 'documents.byCitizen' : 'documents.byStaff', { name });
    case 'prepared':
      return t('documents.preparedBy', { name });
    case 'stamped':
      return t('documents.stampedBy', { name });
    case 'signed':
      return t('documents.signedBy', { name: doc.signature?.signerName ?? name });
    case 'sealed':
      return t('documents.sealedBy', { name });
  }
}
