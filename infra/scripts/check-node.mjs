// Refuses to run on a Node older than 24. If the `node` package's install script was
// skipped, npm scripts silently fall back to the machine's Node, so say so plainly.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `OAC et truca needs Node 24 LTS, but this is Node ${process.versions.node} (${process.execPath}).\n` +
      'The project pins Node 24 as the npm package "node"; run `npm install` again and make sure its install script is allowed (package.json allowScripts).',
  );
  process.exit(1);
}
