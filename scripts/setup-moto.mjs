// Makes sure moto's `moto_server` (an AWS emulator, Python) is present for the AWS adapter tests and the
// AWS-emulated stage. Runs before `npm test`. Installs it with pip when missing; otherwise explains what to do.
import { spawnSync } from 'node:child_process';

const command = process.env.MOTO_SERVER ?? 'moto_server';
const present = () => spawnSync(command, ['--help'], { stdio: 'ignore' }).status === 0;
if (present()) process.exit(0);

const pip = ['pip3', 'pip'].find((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);
if (!pip) {
  console.error(
    `${command} not found and no pip to install it: install Python 3, then pip install "moto[server]"`,
  );
  process.exit(1);
}
console.log(`Installing moto for the AWS adapter tests (${pip} install "moto[server]")…`);
const install = spawnSync(pip, ['install', '--quiet', 'moto[server]'], { stdio: 'inherit' });
if (install.status !== 0 || !present()) {
  console.error(
    `could not install moto_server; run: ${pip} install "moto[server]" (and put its bin folder on PATH)`,
  );
  process.exit(1);
}
