/*
 * The office's work on documents in the browser (issue 16), for the documents panel to place:
 * the clerk's stamp, signature request and seal per document, "Prepare a document", the
 * procedure's checklist, and the citizen's banner and dialog to sign.
 */
export { ChecklistPanel, type ChecklistPanelProps } from './ChecklistPanel';
export { IssueMenu, PrepareDocument, type IssueMenuProps, type PrepareDocumentProps } from './IssueMenu';
export { SignatureBoxPicker, type SignatureBoxPickerProps } from './SignatureBoxPicker';
export { BoxHighlight, SignDialog, SignRequests, type SignDialogProps, type SignRequestsProps } from './SignDialog';
export { SignaturePad, type SignaturePadProps } from './SignaturePad';
