import type { QualityQuery } from '@oac/shared';
import { callRoute } from '../../api/http';

/** The quality report (issue 15), through the typed route table like every other call. */
export function fetchQuality(query: QualityQuery, signal?: AbortSignal) {
  return callRoute('quality', { query, auth: { kind: 'staff' }, signal });
}
