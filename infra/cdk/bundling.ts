import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';
import { handlerNeeds } from '../lambdas';
import { environmentNamesOf, PROVIDER_SECRETS_NAME } from '../resource-needs';
import { writeOpenApiBundleModule } from './openapi-bundle';
import { REPO_ROOT } from './paths';

/**
 * How every Node Lambda is bundled, in one place: CDK's NodejsFunction, `npm run bench` and the bundling test all
 * read these, so what is measured and tested is what `cdk deploy` ships.
 */

/** ESM bundles still meet CommonJS dependencies that call require(); give them one. */
export const REQUIRE_BANNER =
  "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** Fills process.env from the stage's provider secret (top-level await) before any handler module runs. */
export const PROVIDER_SECRETS_LOADER = 'shared/runtime/load-provider-secrets.ts';

/** Generated entry files (git-ignored): see lambdaEntry. */
export const LAMBDA_ENTRIES_DIR = join(REPO_ROOT, '.build', 'lambda-entries');

/**
 * Packages every bundle replaces by a file of ours (paths from the repo root, the working directory of CDK's
 * esbuild run, local or in Docker; esbuild resolves an alias's target from there). `node-fetch` becomes Node 24's
 * own fetch (shared/runtime/native-fetch.ts says which callers and what they use): node-fetch v2 under airtable
 * and v3 under gaxios (googleapis) were ~320 KB of every CRM bundle, whatwg-url, tr46 and web-streams-polyfill;
 * `abort-controller` (airtable's polyfill, with event-target-shim) becomes Node's own AbortController.
 * `@aws-sdk/credential-provider-node`, the SDK clients' default credential chain, becomes its environment link,
 * where Lambda puts the execution role's credentials (shared/runtime/lambda-credentials.ts): ~120 KB of every bundle.
 */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  'node-fetch': './shared/runtime/native-fetch.ts',
  'abort-controller': './shared/runtime/native-abort-controller.ts',
  '@aws-sdk/credential-provider-node': './shared/runtime/lambda-credentials.ts',
};

/**
 * The package.json "imports" condition a bundle resolves with: `#openapi-document` is the finished document there
 * (infra/cdk/openapi-bundle.ts) and the manifest-built one when the code runs from source. esbuild drops its
 * default `module` condition once any is set, so it is named again: every other package resolves as before.
 */
export const BUNDLE_CONDITIONS = ['flowia-bundle', 'module'];

/**
 * LAMBDA_ALIASES and BUNDLE_CONDITIONS as CDK's `esbuildArgs` (it writes an array value as one `--key:<item>` per
 * item, a string as `--key=<value>`).
 */
export function esbuildCliArgs(): Record<string, string | string[]> {
  return {
    '--alias': Object.entries(LAMBDA_ALIASES).map(([name, path]) => `${name}=${path}`),
    '--conditions': BUNDLE_CONDITIONS.join(','),
  };
}

/**
 * Packages no bundle contains: a bundle imports them (dynamic `import()`, the CRM writers in shared/adapters) from
 * a file of their own, beside it in node_modules/, the first time its code needs one. V8 compiles every byte of a
 * bundle at each cold start, used or not: the three CRM SDKs were 420 of the CRM sync's 938 KB, and a sync writes
 * to one CRM. esbuild's code splitting would do this but needs --outdir, and CDK's NodejsFunction bundles to one
 * --outfile; so each package is bundled on its own, with the same options (writeLazyPackages), and copied into
 * the asset of a bundle that imports it (lazyPackageCopyCommands).
 */
export const LAZY_PACKAGES = ['googleapis/build/src/apis/sheets', '@notionhq/client', 'airtable'] as const;

/**
 * JSON files no bundle contains: a bundle reads them with require() (createRequire, which esbuild leaves to Node)
 * the first time its code needs them, from node_modules/ beside it, where they are shipped like LAZY_PACKAGES.
 * libphonenumber's `max` metadata (shared/runtime/phone-metadata.ts) was a 157 KB object literal compiled at every
 * cold start of the six bundles holding the phone detector (about 4 ms); read as JSON when a number is first
 * parsed, it costs about 2 ms then, and nothing to a run that parses none.
 */
export const LAZY_DATA = ['libphonenumber-js/metadata.max.json'] as const;

/** Where the lazy packages are written for CDK's assets (git-ignored, like the entries). */
export const LAZY_PACKAGES_DIR = join(REPO_ROOT, '.build', 'lazy-packages');

/** `@scope/name/sub/path` → its package's name and the subpath its package.json exports it as. */
export function packageOf(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(length).join('/');
  return { name: parts.slice(0, length).join('/'), subpath: rest ? `./${rest}` : '.' };
}

/**
 * How a bundle's minified code asks for a lazy package (`import("airtable")`) or lazy data (`x("libphonenumber-js/
 * metadata.max.json")`, a require function called with it): how a copy command (and the bench) sees it is needed.
 */
export function lazyUseOf(specifier: string): string {
  const quoted = JSON.stringify(specifier);
  return (LAZY_DATA as readonly string[]).includes(specifier) ? `(${quoted})` : `import(${quoted})`;
}

/** Every lazy package and data file a bundle's code asks for. */
export function lazySpecifiersUsedBy(code: string): string[] {
  return [...LAZY_PACKAGES, ...LAZY_DATA].filter((specifier) => code.includes(lazyUseOf(specifier)));
}

/**
 * Test processes synthesise stacks side by side, each writing LAZY_PACKAGES_DIR while another's CDK may be copying
 * it: a file is replaced whole (written beside `dir`, then renamed in), never seen half-written, and no temporary
 * file is ever inside what a copy takes.
 */
function writeAtomically(dir: string, path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${dir}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Bundles each of LAZY_PACKAGES into `<dir>/<name>/`, with a package.json whose `exports` maps the specifier to
 * it, so that Node resolves the bundle's `import('airtable')` there. The packages are CommonJS: the file exports
 * `module.exports` as default and each of its keys by name, which is what Node's import() of the package itself
 * gives the code when it runs from source. Each of LAZY_DATA is written there too, as minified JSON at its own
 * subpath, which is what the package's `require` condition resolves it to from source. Returns `dir`.
 */
export function writeLazyPackages(dir: string = LAZY_PACKAGES_DIR, sourcemap = false): string {
  const requireFromRoot = createRequire(join(REPO_ROOT, 'package.json'));
  const exportsOf = new Map<string, Record<string, string>>();
  for (const specifier of LAZY_PACKAGES) {
    const { name, subpath } = packageOf(specifier);
    const file = subpath === '.' ? 'index.mjs' : `${subpath.slice(2).replaceAll('/', '-')}.mjs`;
    const names = Object.keys(requireFromRoot(specifier) as object).filter(
      (key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default' && key !== '__esModule',
    );
    const { outputFiles } = buildSync({
      ...LAMBDA_ESBUILD_OPTIONS,
      external: [],
      stdin: {
        contents: `const m = require(${JSON.stringify(specifier)});\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
        resolveDir: REPO_ROOT,
        loader: 'js',
      },
      outfile: join(dir, name, file),
      sourcemap,
      write: false,
      logLevel: 'warning',
    });
    for (const output of outputFiles) writeAtomically(dir, output.path, output.contents);
    exportsOf.set(name, { ...exportsOf.get(name), [subpath]: `./${file}` });
  }
  for (const specifier of LAZY_DATA) {
    const { name, subpath } = packageOf(specifier);
    const data = JSON.stringify(JSON.parse(readFileSync(requireFromRoot.resolve(specifier), 'utf8')));
    writeAtomically(dir, join(dir, name, subpath), data);
    exportsOf.set(name, { ...exportsOf.get(name), [subpath]: subpath });
  }
  for (const [name, exports] of exportsOf)
    writeAtomically(dir, join(dir, name, 'package.json'), JSON.stringify({ name, type: 'module', exports }));
  return dir;
}

let lazyPackagesWritten = false;

/**
 * CDK's afterBundling commands: copy each lazy package or data file the bundle asks for (LAZY_PACKAGES_DIR as the
 * bundling environment sees it, `inputDir` being the repo root) into the asset's node_modules/; a bundle that asks
 * for none ships none.
 */
export function lazyPackageCopyCommands(inputDir: string, outputDir: string): string[] {
  // Once a synth: CDK bundles every function in one process. With source maps, as the bundles have them.
  if (!lazyPackagesWritten) writeLazyPackages(LAZY_PACKAGES_DIR, true);
  lazyPackagesWritten = true;
  const from = join(inputDir, relative(REPO_ROOT, LAZY_PACKAGES_DIR));
  const names = new Map<string, string[]>();
  for (const specifier of [...LAZY_PACKAGES, ...LAZY_DATA]) {
    const { name } = packageOf(specifier);
    names.set(name, [...(names.get(name) ?? []), specifier]);
  }
  return [...names].map(([name, specifiers]) => {
    const used = specifiers.map((s) => `grep -qF '${lazyUseOf(s)}' "${outputDir}/index.mjs"`).join(' || ');
    return `if ${used}; then mkdir -p "${outputDir}/node_modules/${name}" && cp -R "${from}/${name}/." "${outputDir}/node_modules/${name}/"; fi`;
  });
}

/** The esbuild options of CDK's bundling props, for code that calls esbuild itself (bench, tests). */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: { js: REQUIRE_BANNER },
  alias: LAMBDA_ALIASES,
  conditions: BUNDLE_CONDITIONS,
  absWorkingDir: REPO_ROOT,
  external: [...LAZY_PACKAGES],
} satisfies BuildOptions;

/**
 * Writes the modules a bundle resolves that are generated at bundle time (`#openapi-document` under
 * BUNDLE_CONDITIONS: infra/cdk/openapi-bundle.ts). Anything that runs esbuild with LAMBDA_ESBUILD_OPTIONS calls it
 * first; lambdaEntry does.
 */
export function writeBundleModules(): void {
  writeOpenApiBundleModule();
}

/**
 * The file a Lambda is bundled from: it imports the provider-secrets loader first (when it has one: see
 * entryLoaderFor), then re-exports the handler. ES modules evaluate their imports in order and wait on a top-level
 * await, so the handler's modules (and their config) only run once the secret is in process.env. Not esbuild's
 * `inject`: that prepends the loader to every module, CommonJS ones included, and esbuild cannot require() a module
 * that awaits at top level.
 */
export function lambdaEntry(
  entry: string,
  exportName = 'handler',
  loader: string | null = PROVIDER_SECRETS_LOADER,
): string {
  mkdirSync(LAMBDA_ENTRIES_DIR, { recursive: true });
  writeBundleModules();
  const slug = (path: string) => path.replace(/\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '_');
  // One file per (entry, loader): CDK caches a bundle by its entry's path, so one path must never hold two entries.
  const file = join(LAMBDA_ENTRIES_DIR, `${slug(entry)}${loader ? `.${slug(basename(loader))}` : ''}.ts`);
  const from = (path: string) => relative(LAMBDA_ENTRIES_DIR, join(REPO_ROOT, path)).replace(/\.ts$/, '');
  writeFileSync(
    file,
    loader
      ? `// Generated by infra/cdk/bundling.ts: the secrets loader first, then the handler.\nimport '${from(loader)}';\nexport { ${exportName} } from '${from(entry)}';\n`
      : `// Generated by infra/cdk/bundling.ts: the handler (its function reads no provider secret).\nexport { ${exportName} } from '${from(entry)}';\n`,
  );
  return file;
}

/**
 * The loader a function's entry imports first: the provider-secrets one when its environment names the secret,
 * none otherwise. The loader reads only PROVIDER_SECRETS_NAME, so without it it loads nothing; yet its Secrets
 * Manager client (~15 KB) would be compiled at every cold start of each function that declares no provider secret
 * (80 of 124).
 */
export function entryLoaderFor(environmentNames: Iterable<string>): string | null {
  return new Set(environmentNames).has(PROVIDER_SECRETS_NAME) ? PROVIDER_SECRETS_LOADER : null;
}

/** A manifest handler's entry, with the loader its declaration calls for (what flowFunction gives CDK). */
export function handlerEntry(handler: string): string {
  return lambdaEntry(
    handler,
    'handler',
    entryLoaderFor(environmentNamesOf(handlerNeeds().get(handler) ?? {})),
  );
}
