import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a section module in a child Node process (see child.ts) with a hard time limit, so the bench always
 * stops by itself. Provider keys from the shell are dropped: sections only ever talk to fakes on 127.0.0.1.
 */
export async function runInChild(
  modulePath: string,
  timeoutMs: number,
  envOverrides: NodeJS.ProcessEnv = {},
): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'flowia-bench-section-'));
  const outFile = join(dir, 'result.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'SILENT',
    POWERTOOLS_DEV: 'false',
    ...envOverrides,
  };
  for (const name of Object.keys(env))
    if (/^(META|TIKTOK|GOOGLE|OPENAI|STRIPE|AIRTABLE|NOTION)_/.test(name)) delete env[name];
  try {
    const code = await new Promise<number | string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/child.ts', modulePath, outFile], {
        env,
        // stdout carries the handlers' metric lines (EMF); progress goes to stderr.
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('exit', (exitCode, signal) => {
        clearTimeout(timer);
        resolve(exitCode ?? signal ?? 'unknown');
      });
    });
    if (code !== 0 || !existsSync(outFile))
      return { error: code === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exited with ${code}` };
    return JSON.parse(readFileSync(outFile, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
