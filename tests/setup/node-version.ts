import { nodeVersionProblem } from '@oac/shared';

const problem = nodeVersionProblem(process.versions.node);
if (problem) throw new Error(`${problem} (${process.execPath})`);
