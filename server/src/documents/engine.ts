import type { SigningIdentities } from '../signing';
import type { IssuingTasks } from './engine-tasks';
import type { DocumentEngine } from './issuing';

/** Runs one issuing job by name: in the processing pool's worker threads, outside the request's event loop. */
export type IssuingRunner = <K extends keyof IssuingTasks>(task: K, input: Parameters<IssuingTasks[K]>[0]) => ReturnType<IssuingTasks[K]>;

export interface EngineSettings {
  identities: SigningIdentities;
  tsaUrl?: string;
  tsaTimeoutMs: number;
  maxPages: number;
}

/** The issuer's engine: each operation is one pool job, with the identities and limits it needs. */
export function documentEngine(run: IssuingRunner, s: EngineSettings): DocumentEngine {
  const seal = { p12: s.identities.seal.p12, password: s.identities.seal.password };
  const platform = { p12: s.identities.platform.p12, password: s.identities.platform.password };
  return {
    imageToPdf: (input) => run('imageToPdf', input),
    prepare: (input) => run('prepare', input),
    stamp: (input) => run('stamp', { ...input, maxPages: s.maxPages }),
    sign: (input) => run('sign', { ...input, identity: platform, maxPages: s.maxPages }),
    seal: (input) => run('seal', { ...input, identity: seal, tsaUrl: s.tsaUrl, tsaTimeoutMs: s.tsaTimeoutMs, maxPages: s.maxPages }),
    pages: (input) => run('pages', { ...input, maxPages: s.maxPages }),
  };
}
