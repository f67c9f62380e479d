import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeLambdaEntries } from '../../infra/lambdas';
import { bareSdkBundle, lazyPackageCosts, measureBundles, measureSourceMapCost } from './bundles';
import { percentiles, ratio } from './cost';
import { extraSections } from './sections';

/**
 * `npm run bench`: bundle size and cold import of every Lambda, then the runtime sections (webhook ack latency,
 * pipeline throughput…). Results go to bench-results/latest.json; the previous latest is kept and compared.
 * Speed is shown here, never asserted in tests.
 */
const RESULTS_DIR = 'bench-results';
const entries = [...new Set([...nodeLambdaEntries(), ...extraSections.flatMap((s) => s.entries ?? [])])];

const outDir = join(tmpdir(), `flowia-bench-${process.pid}`);
// FLOWIA_BENCH_SKIP_BUNDLES=1 skips bundling (a quick run of the runtime sections while developing).
const skipBundles = process.env.FLOWIA_BENCH_SKIP_BUNDLES === '1';
console.log(
  skipBundles ? 'Bundles skipped.' : `Bundling and cold-importing ${entries.length} Lambda entries…`,
);
const floorBundle = skipBundles ? undefined : await bareSdkBundle(outDir);
const bundles = floorBundle ? await measureBundles(entries, outDir, floorBundle.outfile) : [];
// The floor as reported: the median of the medians measured beside each bundle (each ratio uses its own).
const bareSdk = floorBundle
  ? { bytes: floorBundle.bytes, coldImportMs: percentiles(bundles.map((b) => b.floorMs)).p50Ms }
  : undefined;
// What a bundle's first use of a lazy package (a CRM SDK, infra/cdk/bundling.ts LAZY_PACKAGES) adds to its cold start.
const lazyPackages = skipBundles ? [] : lazyPackageCosts(bundles, outDir);
// Issue 20 item 4: what --enable-source-maps costs a cold start, on the largest workflow step and the webhook.
const SOURCE_MAP_ENTRIES = ['functions/workflow/log-interaction.ts', 'functions/webhooks/meta.ts'];
const sourceMaps = [];
if (!skipBundles)
  for (const entry of SOURCE_MAP_ENTRIES) sourceMaps.push(await measureSourceMapCost(entry, outDir));
rmSync(outDir, { recursive: true, force: true });
const BUNDLE_LIMIT_BYTES = 150 * 1024;
const bundleRatios = bareSdk
  ? bundles.map((b) => ({
      entry: b.entry,
      coldImport: ratio(b.coldImportMs, b.floorMs, 'lower-is-better', 1.5),
      bytesWithoutSdk: b.bytesWithoutSdk,
      withinSizeTarget: b.bytesWithoutSdk <= BUNDLE_LIMIT_BYTES,
    }))
  : [];

const sections: Record<string, unknown> = {};
for (const section of extraSections) {
  console.log(`Running ${section.name}…`);
  sections[section.name] = await section.run();
}

const result = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  bundles,
  bareSdk,
  bundleRatios,
  lazyPackages,
  sourceMaps,
  sections,
};
mkdirSync(RESULTS_DIR, { recursive: true });
const latestFile = join(RESULTS_DIR, 'latest.json');
const previous = existsSync(latestFile)
  ? (JSON.parse(readFileSync(latestFile, 'utf8')) as typeof result)
  : undefined;
if (previous) writeFileSync(join(RESULTS_DIR, 'previous.json'), JSON.stringify(previous, null, 2));
// The previous run is kept beside the new one in latest.json too (without its own previous, so it does not nest).
const { previous: _older, ...previousRun } = (previous ?? {}) as typeof result & { previous?: unknown };
writeFileSync(latestFile, JSON.stringify({ ...result, previous: previous ? previousRun : null }, null, 2));

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const delta = (now: number, before: number | undefined, unit: string) =>
  before === undefined ? '' : ` (${now - before >= 0 ? '+' : ''}${(now - before).toFixed(1)}${unit})`;
console.log('\nLambda bundles (minified ESM) and cold import:');
for (const b of bundles) {
  const before = previous?.bundles.find((p) => p.entry === b.entry);
  console.log(
    `  ${b.entry.padEnd(60)} ${kb(b.bytes).padStart(8)} (${kb(b.bytesWithoutSdk)} without SDK)${delta(b.bytes / 1024, before && before.bytes / 1024, ' KB')}  ${String(b.coldImportMs).padStart(6)} ms${delta(b.coldImportMs, before?.coldImportMs, ' ms')}`,
  );
}
if (bareSdk) {
  console.log(
    `\nCold import floor (@aws-sdk/client-dynamodb alone, imported alternately with each bundle): median ${bareSdk.coldImportMs} ms, ${kb(bareSdk.bytes)}. Target: ≤ 1.5× floor; bundles ≤ 150 KB without @aws-sdk/*.`,
  );
  for (const r of bundleRatios)
    console.log(
      `  ${r.entry.padEnd(60)} ${String(r.coldImport.ratio).padStart(5)}× floor ${r.coldImport.met ? 'ok ' : 'OVER'}  ${kb(r.bytesWithoutSdk).padStart(8)} without SDK ${r.withinSizeTarget ? 'ok' : 'OVER'}`,
    );
}
if (lazyPackages.length > 0) {
  console.log('\nLoaded on first use (a file beside the bundle; not in its size or cold import above):');
  for (const p of lazyPackages) {
    const users = bundles.filter((b) => b.lazyPackages.includes(p.specifier)).map((b) => b.entry);
    const usedBy = users.length > 4 ? `${users.length} bundles` : users.join(', ');
    console.log(
      `  ${p.specifier.padEnd(40)} ${kb(p.bytes).padStart(8)} ${String(p.importMs).padStart(6)} ms after ${p.after}; used by ${usedBy}`,
    );
  }
}
if (sourceMaps.length > 0) {
  console.log('\nSource maps (cold import ms; the first stack frame of an error our code throws):');
  for (const m of sourceMaps) {
    console.log(`  ${m.entry}: ${JSON.stringify(m.coldImportMs)}`);
    for (const [setting, stack] of Object.entries(m.stack))
      console.log(`    ${setting.padEnd(26)} ${stack.split('\n')[1]?.trim() ?? stack}`);
  }
}
for (const [name, value] of Object.entries(sections)) {
  console.log(`\n${name}:`);
  console.log(JSON.stringify(value, null, 2));
  const before = previous?.sections?.[name];
  if (before) console.log(`previous: ${JSON.stringify(before)}`);
}
console.log(`\nResults written to ${latestFile}${previous ? ' (previous run kept in previous.json)' : ''}.`);
