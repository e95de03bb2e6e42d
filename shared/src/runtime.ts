/** The Node major version the platform runs on (the npm package `node`, pinned in package.json). */
export const REQUIRED_NODE_MAJOR = 24;

/** Why this Node will not do, or null when it will. */
export function nodeVersionProblem(version: string): string | null {
  const major = Number(version.split('.')[0]);
  if (major >= REQUIRED_NODE_MAJOR) return null;
  return (
    `OAC et truca needs Node ${REQUIRED_NODE_MAJOR} LTS, but this is Node ${version}. ` +
    'The project pins it as the npm package "node": run `npm install` again (its install script must be allowed) and start through npm.'
  );
}
