// Runs before `npm start` and `npm test`: the project's scripts must run on Node 24, the Lambda runtime's major.
// The `node` devDependency puts Node 24 first on npm scripts' PATH, so this only fails when that is missing.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `Flow IA needs Node 24 (the Lambda runtime); this is ${process.version}. Run \`npm ci\` first.`,
  );
  process.exit(1);
}
