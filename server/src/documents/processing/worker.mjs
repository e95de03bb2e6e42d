// The processing pool's worker entry. It is plain JavaScript because a worker thread starts with
// no loader: under `npm start` (tsx) and under vitest alike, the pool starts workers with empty
// execArgv, and this file registers tsx itself before it loads the TypeScript tasks.
import { register } from 'tsx/esm/api';

register();
const { dispatch } = await import('./tasks.ts');

export default dispatch;
