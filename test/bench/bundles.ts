import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS, lambdaEntry } from '../../infra/cdk/bundling';

export interface BundleResult {
  entry: string;
  bytes: number;
  /** Median of fresh-process imports of the bundle (module evaluation, what a cold start pays after init). */
  coldImportMs: number;
}

/**
 * Bundles each Lambda entry the way CDK's NodejsFunction does (infra/cdk/bundling.ts: the generated entry with the
 * provider-secrets loader, ESM, minified, tree-shaken, node24) and measures
 * the size and the cold import time in a fresh Node process, several times, keeping the median.
 */
export async function measureBundles(entries: string[], outDir: string, runs = 3): Promise<BundleResult[]> {
  mkdirSync(outDir, { recursive: true });
  const results: BundleResult[] = [];
  for (const entry of entries) {
    const outfile = join(outDir, `${entry.replace(/[/.]/g, '_')}.mjs`);
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: [lambdaEntry(entry)],
      outfile,
      external: ['@sparticuz/chromium', 'playwright-core', 'chromium-bidi'],
      logLevel: 'silent',
    });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const script = `const t=performance.now();await import(${JSON.stringify(outfile)});process.stdout.write(String(performance.now()-t));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TABLE_NAME: 'bench', LOG_LEVEL: 'SILENT', AWS_REGION: 'eu-west-3' },
      });
      times.push(Number(out.toString()));
    }
    times.sort((a, b) => a - b);
    results.push({
      entry,
      bytes: statSync(outfile).size,
      coldImportMs: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
    });
  }
  return results;
}
