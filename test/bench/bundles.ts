import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import {
  handlerEntry,
  LAMBDA_ESBUILD_OPTIONS,
  LAZY_DATA,
  LAZY_PACKAGES,
  lazySpecifiersUsedBy,
  writeLazyPackages,
} from '../../infra/cdk/bundling';
import { percentiles } from './cost';

/** The lazy packages, and what only the LinkedIn image ships (binaries and files read at run time). */
const EXTERNAL = [
  ...LAMBDA_ESBUILD_OPTIONS.external,
  '@sparticuz/chromium',
  'playwright-core',
  'chromium-bidi',
];

export interface BundleResult {
  entry: string;
  bytes: number;
  /** The bundle less what `@aws-sdk/*` (and the `@smithy/*` it pulls in) contribute to it (esbuild metafile). */
  bytesWithoutSdk: number;
  /** Median of fresh-process imports of the bundle (module evaluation, what a cold start pays after init). */
  coldImportMs: number;
  /**
   * Median of the floor's imports (`bareSdkBundle`) taken alternately with this bundle's: its ratio is measured
   * under the same load, where one floor measured once before or after 122 bundles reads the machine of that moment.
   */
  floorMs: number;
  /**
   * The LAZY_PACKAGES and LAZY_DATA the bundle loads on first use (not in its bytes nor its cold import:
   * lazyPackageCosts).
   */
  lazyPackages: string[];
}

/**
 * A package or data file bundles load on first use (infra/cdk/bundling.ts LAZY_PACKAGES, LAZY_DATA): what that
 * first use adds.
 */
export interface LazyPackageCost {
  specifier: string;
  bytes: number;
  /**
   * Median of fresh-process loads of its file once a bundle that uses it is loaded (the SDK has brought Node's
   * http and the rest by then): what the first sync to that CRM, or the first phone number read, adds to a cold
   * start. A package is import()ed, data require()d, as the bundle's code does.
   */
  importMs: number;
  /** The bundle imported first. */
  after: string;
}

/**
 * Bundles each Lambda entry the way CDK's NodejsFunction does (infra/cdk/bundling.ts: the generated entry, with the
 * provider-secrets loader where its declaration names the secret, ESM, minified, tree-shaken, node24) and measures the size and the cold import time in a
 * fresh Node process, `runs` times (9: a median of 5 moved a small bundle by up to 0.1× between runs) alternating with the floor's (`floorFile`, from bareSdkBundle), keeping each
 * median.
 */
export async function measureBundles(
  entries: string[],
  outDir: string,
  floorFile: string,
  runs = 9,
): Promise<BundleResult[]> {
  mkdirSync(outDir, { recursive: true });
  // Beside the bundles, as in an asset: their import('airtable') resolves there when run.
  writeLazyPackages(join(outDir, 'node_modules'));
  const results: BundleResult[] = [];
  for (const entry of entries) {
    const outfile = bundleFile(outDir, entry);
    const { metafile } = await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: [handlerEntry(entry)],
      outfile,
      external: EXTERNAL,
      logLevel: 'silent',
      metafile: true,
    });
    const bytes = statSync(outfile).size;
    const code = readFileSync(outfile, 'utf8');
    const own: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs; i++) {
      floor.push(importMs(floorFile));
      own.push(importMs(outfile));
    }
    results.push({
      entry,
      bytes,
      bytesWithoutSdk: bytes - sdkBytes(metafile),
      coldImportMs: percentiles(own).p50Ms,
      floorMs: percentiles(floor).p50Ms,
      lazyPackages: lazySpecifiersUsedBy(code),
    });
  }
  return results;
}

/**
 * Each lazy package's or data file's file (written by measureBundles beside the bundles), its size and the median
 * of `runs` loads of it, each in a fresh process that first imported the first bundle using it. One no bundle
 * uses is left out.
 */
export function lazyPackageCosts(bundles: BundleResult[], outDir: string, runs = 9): LazyPackageCost[] {
  const resolve = createRequire(join(outDir, 'node_modules', 'resolve-from.js')).resolve;
  return [...LAZY_PACKAGES, ...LAZY_DATA].flatMap((specifier) => {
    const user = bundles.find((b) => b.lazyPackages.includes(specifier));
    if (!user) return [];
    const path = resolve(specifier);
    const after = bundleFile(outDir, user.entry);
    return [
      {
        specifier,
        bytes: statSync(path).size,
        importMs: medianImportMs(path, runs, [], after),
        after: user.entry,
      },
    ];
  });
}

/** Where measureBundles writes an entry's bundle. */
const bundleFile = (outDir: string, entry: string) => join(outDir, `${entry.replace(/[/.]/g, '_')}.mjs`);

/** The AWS SDK's own packages: what a bundle's size is measured without. */
const SDK_PACKAGE = /node_modules\/@(aws-sdk|smithy|aws-crypto)\//;

/**
 * Bytes of the output that only the AWS SDK brings: its packages, and the packages only they import
 * (`@aws-sdk/endpoint-cache`'s mnemonist and obliterator, `@aws-sdk/core`'s @aws/lambda-invoke-store). Everything
 * our code reaches without passing through an SDK module counts as ours, even a package the SDK imports too.
 */
export function sdkBytes(metafile: Metafile): number {
  let total = 0;
  for (const output of Object.values(metafile.outputs)) {
    if (!output.entryPoint) continue;
    const ours = new Set<string>();
    const pending = [output.entryPoint];
    while (pending.length > 0) {
      const path = pending.pop()!;
      if (ours.has(path) || SDK_PACKAGE.test(path)) continue;
      ours.add(path);
      for (const imported of metafile.inputs[path]?.imports ?? [])
        if (!imported.external) pending.push(imported.path);
    }
    for (const [path, input] of Object.entries(output.inputs))
      if (!ours.has(path)) total += input.bytesInOutput;
  }
  return total;
}

/** One fresh-process import of a bundled file, in ms (`nodeFlags` as NODE_OPTIONS would pass them). */
function importMs(outfile: string, nodeFlags: string[] = [], after?: string): number {
  const first = after ? `await import(${JSON.stringify(after)});` : '';
  // JSON is what a bundle require()s (LAZY_DATA), through a require function made before the clock starts.
  const load = outfile.endsWith('.json')
    ? `const r=(await import('node:module')).createRequire(${JSON.stringify(outfile)});const t=performance.now();r(${JSON.stringify(outfile)});`
    : `const t=performance.now();await import(${JSON.stringify(outfile)});`;
  const script = `${first}${load}process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], {
    env: { ...process.env, TABLE_NAME: 'bench', LOG_LEVEL: 'SILENT', AWS_REGION: 'eu-west-3' },
  });
  return Number(out.toString());
}

/** Median of fresh-process imports of one bundled file, in ms. */
function medianImportMs(outfile: string, runs: number, nodeFlags: string[] = [], after?: string): number {
  return percentiles(Array.from({ length: runs }, () => importMs(outfile, nodeFlags, after))).p50Ms;
}

/**
 * The cold-import floor: a bundle that only imports `@aws-sdk/client-dynamodb` and builds its client, bundled
 * and imported exactly like the Lambdas. Every Lambda needs at least this, so its ratio to it is what our code adds.
 * Returns the bundle's file (measureBundles imports it beside each Lambda's) and size.
 */
export async function bareSdkBundle(outDir: string) {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'bare-client-dynamodb.mjs');
  await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    stdin: {
      contents:
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; export const client = new DynamoDBClient({});",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile,
    logLevel: 'silent',
  });
  return { outfile, bytes: statSync(outfile).size };
}

/**
 * What `--enable-source-maps` costs a cold start (issue 20 item 4), on one real handler bundled as CDK ships it
 * (minified, with its .map file): the import with the flag, without it, and an unminified bundle without the flag
 * (whose stack traces read without any source map, at the price of a larger file), and a minified one that keeps
 * function names (esbuild keepNames). Each setting's stack for an error our code throws comes with it, to judge
 * which traces are readable.
 */
export async function measureSourceMapCost(entry: string, outDir: string, runs = 5) {
  mkdirSync(outDir, { recursive: true });
  const bundle = async (name: string, minify: boolean, sourcemap: boolean, keepNames = false) => {
    const outfile = join(outDir, `${name}.mjs`);
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      minify,
      sourcemap,
      keepNames,
      entryPoints: [handlerEntry(entry)],
      outfile,
      external: EXTERNAL,
      logLevel: 'silent',
    });
    return outfile;
  };
  const minified = await bundle('sourcemap-minified', true, true);
  const plain = await bundle('sourcemap-unminified', false, false);
  const named = await bundle('sourcemap-keep-names', true, false, true);
  /** The first frames of an error our code throws (the handler called with an empty event), as the logs show it. */
  const stackOf = (outfile: string, flags: string[]) => {
    const script = `const m=await import(${JSON.stringify(outfile)});try{await m.handler({},{})}catch(e){process.stdout.write(String(e?.stack??e).split('\\n').slice(0,3).join('\\n'))}`;
    try {
      return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
        env: { ...process.env, TABLE_NAME: 'bench', LOG_LEVEL: 'SILENT', AWS_REGION: 'eu-west-3' },
        timeout: 20_000,
      }).toString();
    } catch (error) {
      return `did not run: ${(error as Error).message.split('\n')[0]}`;
    }
  };
  const withFlag = medianImportMs(minified, runs, ['--enable-source-maps']);
  const withoutFlag = medianImportMs(minified, runs);
  const unminified = medianImportMs(plain, runs);
  const keepNames = medianImportMs(named, runs);
  return {
    entry,
    minifiedBytes: statSync(minified).size,
    unminifiedBytes: statSync(plain).size,
    keepNamesBytes: statSync(named).size,
    coldImportMs: {
      minifiedWithSourceMaps: withFlag,
      minifiedWithoutSourceMaps: withoutFlag,
      unminified,
      minifiedKeepNames: keepNames,
    },
    stack: {
      minifiedWithSourceMaps: stackOf(minified, ['--enable-source-maps']),
      minifiedWithoutSourceMaps: stackOf(minified, []),
      unminified: stackOf(plain, []),
      minifiedKeepNames: stackOf(named, []),
    },
  };
}
