const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  throw new Error(
    `The tests need Node 24 LTS, but this is Node ${process.versions.node} (${process.execPath}). Run them with \`npm test\` after \`npm install\`, which puts Node 24 first on the PATH.`,
  );
}
