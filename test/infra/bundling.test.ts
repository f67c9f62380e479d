import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_ESBUILD_OPTIONS, lambdaEntry } from '../../infra/cdk/bundling';
import { nodeLambdaEntries } from '../../infra/lambdas';

const outDir = mkdtempSync(join(tmpdir(), 'flowia-bundling-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** One flat file per entry, named after it, as ESM. */
const NAMING = { entryNames: '[name]', outExtension: { '.js': '.mjs' } };
const outfileOf = (entryFile: string) => join(outDir, basename(entryFile).replace(/\.ts$/, '.mjs'));

/** Imports a bundle in a fresh Node 24 process (as a cold start does) and prints what `run` returns. */
function inFreshProcess(bundle: string, run: string, env: Record<string, string> = {}): string {
  const script = `const m = await import(${JSON.stringify(bundle)}); process.stdout.write(String(await (${run})(m)));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-3',
      TABLE_NAME: 'bundling-test',
      LOG_LEVEL: 'SILENT',
      ...env,
    },
  }).toString();
}

// esbuild runs once per Lambda (about 60 of them): CPU-bound, so the bound is for hangs, not speed.
describe('Lambda bundling (what cdk deploy ships)', { timeout: 600_000 }, () => {
  it('bundles every Node Lambda of the app through its generated entry, and each one loads', async () => {
    // Prepare
    const entries = nodeLambdaEntries();
    const files = entries.map((entry) => lambdaEntry(entry));

    // Act
    const result = await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: files,
      outdir: outDir,
      ...NAMING,
      logLevel: 'silent',
    });

    // Assess
    expect(result.errors).toEqual([]);
    expect(entries.length).toBeGreaterThan(60);
    for (const file of files) expect(statSync(outfileOf(file)).size, file).toBeGreaterThan(1000);
    for (const entry of [
      'functions/http/health.ts',
      'functions/http/authorizer.ts',
      'functions/workflow/send.ts',
    ]) {
      const loaded = inFreshProcess(outfileOf(lambdaEntry(entry)), '(m) => typeof m.handler');
      expect(loaded, entry).toBe('function');
    }
  });

  it('runs the secrets loader to completion before any handler module is evaluated, CommonJS deps included', async () => {
    // Prepare
    const file = lambdaEntry(
      'test/fixtures/bundling/env-reading-handler.ts',
      'handler',
      'test/fixtures/bundling/slow-loader.ts',
    );

    // Act
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: [file],
      outdir: outDir,
      ...NAMING,
      logLevel: 'silent',
    });
    const seen = inFreshProcess(outfileOf(file), '(m) => m.handler()');

    // Assess
    expect(seen).toBe('loaded');
  });
});
