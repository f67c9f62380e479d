// Makes sure cfn-lint is present for the deploy-time checks (test/infra/deploy-checks.test.ts lints every
// synthesised template). Runs before `npm test`. Tries pip first, then Debian's package (apt-get, as root).
import { execFileSync } from 'node:child_process';

const works = () => {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
if (works()) process.exit(0);

const attempts = [
  ['pip', ['install', '--quiet', 'cfn-lint']],
  ['python3', ['-m', 'pip', 'install', '--quiet', 'cfn-lint']],
];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot) {
  attempts.push(['apt-get', ['update', '-qq']]);
  attempts.push(['apt-get', ['install', '-y', '-qq', 'cfn-lint']]);
}
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const [command, args] of attempts) {
  console.log(`Installing cfn-lint for the deploy checks: ${command} ${args.join(' ')}`);
  try {
    execFileSync(command, args, { stdio: 'inherit', env });
  } catch {
    continue;
  }
  if (works()) process.exit(0);
}
console.error(
  'cfn-lint not found and could not be installed: pip install cfn-lint (or apt-get install cfn-lint)',
);
process.exit(1);
