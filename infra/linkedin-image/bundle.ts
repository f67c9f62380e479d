import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { handlerEntry, LAMBDA_ESBUILD_OPTIONS, lazySpecifiersUsedBy, packageOf } from '../cdk/bundling';
import { REPO_ROOT } from '../cdk/paths';

/**
 * Bundles the LinkedIn browser worker for its container image (run by infra/linkedin-image/Dockerfile), with the
 * same esbuild options and the same generated entry as every other Lambda (infra/cdk/bundling.ts): its declaration
 * names the provider secret, so the secrets are loaded before the handler's modules. playwright-core and
 * @sparticuz/chromium stay external (binaries and files read at run time); their exact locked versions go into
 * the image's package.json, with the package of any data the bundle reads on first use (LAZY_DATA: the real
 * package's `require` condition resolves it; the LAZY_PACKAGES are bundled in, as nothing else here is external).
 *
 * Usage: tsx infra/linkedin-image/bundle.ts [outdir]   (default: dist)
 */
export const LINKEDIN_WORKER_HANDLER = 'functions/queues/browser-linkedin.ts';
const EXTERNAL = ['@sparticuz/chromium', 'playwright-core'];

export async function bundleLinkedInWorker(outdir: string): Promise<void> {
  const outfile = join(outdir, 'index.mjs');
  await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    absWorkingDir: REPO_ROOT,
    entryPoints: [handlerEntry(LINKEDIN_WORKER_HANDLER)],
    external: EXTERNAL,
    sourcemap: true,
    outfile,
    logLevel: 'warning',
  });
  const lazyData = lazySpecifiersUsedBy(readFileSync(outfile, 'utf8')).map((s) => packageOf(s).name);
  // Read from node_modules directly: @sparticuz/chromium's "exports" does not expose its package.json.
  const version = (name: string) =>
    (
      JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  writeFileSync(
    join(outdir, 'package.json'),
    JSON.stringify({
      type: 'module',
      private: true,
      dependencies: Object.fromEntries([...EXTERNAL, ...lazyData].map((name) => [name, version(name)])),
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleLinkedInWorker(process.argv[2] ?? 'dist');
