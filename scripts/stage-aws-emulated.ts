// `npm run stage:aws-emulated`: starts moto_server on a free 127.0.0.1 port, then the local stage exactly as
// `FLOWIA_AWS_ENDPOINT=http://127.0.0.1:<port> npm start` runs it (SQS, KMS and Secrets Manager served by moto).
// moto keeps its state in memory, so the stage's data goes with it: a temporary folder, removed on exit, unless
// FLOWIA_DATA_DIR names one (then a restart needs the same moto still running, or the vault key is gone).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMotoServer } from '../infra/local/moto-server';

const moto = await startMotoServer();
const temporary = process.env.FLOWIA_DATA_DIR
  ? undefined
  : mkdtempSync(join(tmpdir(), 'flowia-aws-emulated-'));
process.env.FLOWIA_AWS_ENDPOINT = moto.endpoint;
if (temporary) process.env.FLOWIA_DATA_DIR = temporary;
process.on('exit', () => {
  moto.kill();
  if (temporary) rmSync(temporary, { recursive: true, force: true });
});
console.log(`moto_server listening on ${moto.endpoint}; stage data in ${process.env.FLOWIA_DATA_DIR}`);
try {
  await import('../infra/local/main');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
