// Runs vitest, then prints one plain closing line "Tests: N passed, N failed" that CI reads,
// and exits with vitest's own status.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

mkdirSync('test-artifacts', { recursive: true });
const report = 'test-artifacts/vitest-report.json';
rmSync(report, { force: true });
// vitest runs on the same Node as this script (the project's Node 24), whatever `node` is first on PATH.
const vitest = join('node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
if (run.error) console.error(`could not start vitest: ${run.error.message}`);
if (existsSync(report)) {
  const {
    numPassedTests = 0,
    numFailedTests = 0,
    numPendingTests = 0,
  } = JSON.parse(readFileSync(report, 'utf8'));
  console.log(
    `Tests: ${numPassedTests} passed, ${numFailedTests} failed${numPendingTests ? `, ${numPendingTests} skipped` : ''}`,
  );
}
process.exit(run.status ?? 1);
