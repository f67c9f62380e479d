// Makes sure the two Python tools the tests run are present: moto's `moto_server` (the AWS emulator of the AWS
// adapter tests and the AWS-emulated stage) and `cfn-lint` (the deploy-time template checks). Runs before
// `npm test`. A missing tool is installed with pip, else with Debian's package (apt-get, as root).
import { spawnSync } from 'node:child_process';

const tools = [
  {
    command: process.env.MOTO_SERVER ?? 'moto_server',
    probe: ['--help'],
    pip: 'moto[server]',
    apt: 'python3-moto',
    forWhat: 'the AWS adapter tests',
  },
  {
    command: 'cfn-lint',
    probe: ['--version'],
    pip: 'cfn-lint',
    apt: 'cfn-lint',
    forWhat: 'the deploy checks',
  },
];

const ok = (command, args, options = {}) =>
  spawnSync(command, args, { stdio: 'ignore', ...options }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const pip = ['pip3', 'pip'].find((name) => ok(name, ['--version']));
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
let aptUpdated = false;

for (const tool of tools) {
  const present = () => ok(tool.command, tool.probe);
  if (present()) continue;
  const attempts = [];
  if (pip) attempts.push(() => ok(pip, ['install', '--quiet', tool.pip], { stdio: 'inherit' }));
  if (isRoot)
    attempts.push(() => {
      if (!aptUpdated) aptUpdated = ok('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      return ok('apt-get', ['install', '-y', '-qq', tool.apt], { stdio: 'inherit', env });
    });
  console.log(`Installing ${tool.command} for ${tool.forWhat}…`);
  if (!attempts.some((attempt) => attempt() && present())) {
    console.error(
      `${tool.command} not found and could not be installed: pip install "${tool.pip}" (or apt-get install ${tool.apt}), then put it on PATH`,
    );
    process.exit(1);
  }
}
