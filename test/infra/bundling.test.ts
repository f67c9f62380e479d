import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/http/openapi-document';
import {
  handlerEntry,
  LAMBDA_ALIASES,
  LAMBDA_ESBUILD_OPTIONS,
  LAZY_PACKAGES,
  lambdaEntry,
  PROVIDER_SECRETS_LOADER,
  packageOf,
  writeLazyPackages,
} from '../../infra/cdk/bundling';
import { flowFunction } from '../../infra/cdk/lambda';
import { stageConfig } from '../../infra/cdk/stage-config';
import { nodeLambdaEntries } from '../../infra/lambdas';
import { LEAD_FIELD_TITLES } from '../../shared/domain/leads/lead-fields';
import { startFakeAirtable } from '../../simulation/airtable';
import { startFakeSheets } from '../../simulation/google-sheets';

const outDir = mkdtempSync(join(tmpdir(), 'flowia-bundling-'));
/** CDK's assets, apart: an asset must find its lazy packages in its own node_modules, not in outDir's. */
const cdkOut = mkdtempSync(join(tmpdir(), 'flowia-bundling-cdk-'));
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(cdkOut, { recursive: true, force: true });
});

/** One flat file per entry, named after it, as ESM. */
const NAMING = { entryNames: '[name]', outExtension: { '.js': '.mjs' } };
const outfileOf = (entryFile: string) => join(outDir, basename(entryFile).replace(/\.ts$/, '.mjs'));

/** A CDK app writing to cdkOut, a stack in it, a dev stage, and where CDK put a function's bundled asset. */
function cdkStack(name: string) {
  const app = new App({ outdir: cdkOut });
  return {
    stack: new Stack(app, name),
    stage: stageConfig('dev', {
      appBaseUrl: 'https://api.example.com',
      frontendUrl: 'https://app.example.com',
    }),
    assetDirOf: (fn: Construct) => join(app.outdir, (fn.node.findChild('Code') as Asset).assetPath),
  };
}

/** Bundles generated entries into outDir with the Lambdas' options, as CDK does, keeping the metafile. */
const bundleIntoOutDir = (entryPoints: string[]) =>
  build({
    ...LAMBDA_ESBUILD_OPTIONS,
    entryPoints,
    outdir: outDir,
    ...NAMING,
    metafile: true,
    logLevel: 'silent',
  });

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

/** The same, without blocking this process: for a bundle that calls a server this test process runs. */
async function inFreshProcessAsync(
  bundle: string,
  run: string,
  env: Record<string, string> = {},
): Promise<string> {
  const script = `const m = await import(${JSON.stringify(bundle)}); process.stdout.write(String(await (${run})(m)));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-3', LOG_LEVEL: 'SILENT', ...env },
  });
  return stdout;
}

/** The packages whose code went into a bundle (node_modules/<name>/…), nested ones included. */
const packagesIn = (files: string[]) =>
  new Set(
    files.flatMap((file) => [...file.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]!)),
  );

/** The sources of every source map under `dir` (a bundle's and its lazy packages'), by map file. */
function mapSources(dir: string): Record<string, string[]> {
  const maps = (readdirSync(dir, { recursive: true }) as string[]).filter((file) =>
    file.endsWith('.mjs.map'),
  );
  return Object.fromEntries(
    maps.map((file) => [
      file,
      (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { sources: string[] }).sources,
    ]),
  );
}

/** The lazy packages' directories under node_modules/ (`@notionhq/client`, `airtable`, `googleapis`). */
const LAZY_PACKAGE_NAMES = [...new Set(LAZY_PACKAGES.map((specifier) => packageOf(specifier).name))];

/** What node-fetch v2/v3 and airtable's polyfill drag in; Node's own fetch and AbortController replace them. */
const FETCH_POLYFILLS = [
  'node-fetch',
  'whatwg-url',
  'tr46',
  'webidl-conversions',
  'fetch-blob',
  'formdata-polyfill',
  'web-streams-polyfill',
  'abort-controller',
  'event-target-shim',
];

const CRM_WRITERS = 'test/fixtures/bundling/crm-writers-handler.ts';

/** The fake Airtable and Sheets (simulation/), with the base, table and spreadsheet the fixture writes to. */
async function startCrmFakes() {
  const airtable = await startFakeAirtable({
    bases: { appBase: { Leads: Object.values(LEAD_FIELD_TITLES) } },
  });
  const sheets = await startFakeSheets({
    google: {
      tokenInfo: (token) =>
        token === 'sheets-token'
          ? { userId: 'google-user-1', scope: 'https://www.googleapis.com/auth/spreadsheets' }
          : undefined,
    },
    spreadsheets: { book: { sheets: ['Leads'], editors: ['google-user-1'] } },
  });
  return {
    urls: { airtable: airtable.url, sheets: sheets.url },
    airtable,
    sheets,
    stop: () => Promise.all([airtable.stop(), sheets.stop()]),
  };
}

/** Runs the CRM writers' bundle against the fakes and checks each request arrived and each answer was read. */
async function expectCrmWritersWork(bundle: string): Promise<void> {
  const fakes = await startCrmFakes();
  try {
    const out = JSON.parse(
      await inFreshProcessAsync(bundle, `(m) => m.handler(${JSON.stringify(fakes.urls)})`),
    ) as Record<string, string>;
    expect(out.record).toMatch(/^rec[A-Za-z0-9]+$/);
    expect(out.updated).toBe(out.record);
    expect(out.recordErased).toBe('erased');
    expect(out.range).toBe('Leads!A2:O2');
    expect(out.rowErased).toBe('erased');
    expect(fakes.airtable.state.requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'DELETE']);
    expect(fakes.airtable.state.requests[1]?.body).toMatchObject({
      records: [{ id: out.record, fields: { [LEAD_FIELD_TITLES.score]: 55 } }],
    });
    expect(fakes.sheets.state.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'POST', 'GET', 'POST']);
  } finally {
    await fakes.stop();
  }
}

// esbuild runs once per Lambda (about 60 of them): CPU-bound, so the bound is for hangs, not speed.
describe('Lambda bundling (what cdk deploy ships)', { timeout: 600_000 }, () => {
  it('bundles every Node Lambda of the app through its generated entry, and each one loads', async () => {
    // Prepare
    const entries = nodeLambdaEntries();
    const files = entries.map((entry) => handlerEntry(entry));

    // Act
    const result = await bundleIntoOutDir(files);

    // Assess
    expect(result.errors).toEqual([]);
    expect(entries.length).toBeGreaterThan(60);
    for (const file of files) expect(statSync(outfileOf(file)).size, file).toBeGreaterThan(1000);
    for (const entry of [
      'functions/http/health.ts',
      'functions/http/authorizer.ts',
      'functions/workflow/send.ts',
    ]) {
      const loaded = inFreshProcess(outfileOf(handlerEntry(entry)), '(m) => typeof m.handler');
      expect(loaded, entry).toBe('function');
    }
    // A module's zod schemas are built when it loads (ARCHITECTURE.md, Composition): what a Lambda never parses
    // stays out of its bundle, and the provider-secrets loader stays out of the functions that do not declare it.
    const modulesOf = (entry: string) => {
      const file = basename(handlerEntry(entry));
      const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint?.endsWith(file));
      return Object.keys(output?.inputs ?? {});
    };
    const WEBHOOK_EVENTS = 'shared/domain/meta/webhook-events.ts';
    const INCOMING_MESSAGE = 'shared/domain/messages/incoming-message.ts';
    expect(modulesOf('functions/webhooks/meta.ts')).toEqual(
      expect.arrayContaining([WEBHOOK_EVENTS, INCOMING_MESSAGE]),
    );
    for (const entry of [
      'functions/workflow/send.ts',
      'functions/schedules/follow-ups.ts',
      'functions/internal/send-human-reply.ts',
    ]) {
      expect(modulesOf(entry), entry).not.toContain(WEBHOOK_EVENTS);
      expect(modulesOf(entry), entry).not.toContain(INCOMING_MESSAGE);
    }
    expect(modulesOf('functions/workflow/complete.ts')).not.toContain(INCOMING_MESSAGE);
    expect(modulesOf('functions/workflow/log-interaction.ts')).toContain(INCOMING_MESSAGE);
    // A get or a delete reads only its `{id}` (schemas/params.ts), not its feature's body and view schemas.
    expect(modulesOf('functions/http/scenarios/create.ts')).toContain('shared/schemas/scenarios.ts');
    for (const [entry, feature] of [
      ['functions/http/scenarios/get.ts', 'shared/schemas/scenarios.ts'],
      ['functions/http/scenarios/list.ts', 'shared/schemas/scenarios.ts'],
      ['functions/http/leads/get.ts', 'shared/schemas/leads.ts'],
      ['functions/http/workspaces/delete.ts', 'shared/schemas/workspaces.ts'],
    ] as const)
      expect(modulesOf(entry), entry).not.toContain(feature);
    expect(modulesOf('functions/http/health.ts')).toContain(PROVIDER_SECRETS_LOADER);
    const list = modulesOf('functions/http/scenarios/list.ts');
    expect(list).not.toContain(PROVIDER_SECRETS_LOADER);
    expect(packagesIn(list)).not.toContain('@aws-sdk/client-secrets-manager');
  });

  it('runs the secrets loader to completion before any handler module is evaluated, CommonJS deps included', async () => {
    // Prepare
    const file = lambdaEntry(
      'test/fixtures/bundling/env-reading-handler.ts',
      'handler',
      'test/fixtures/bundling/slow-loader.ts',
    );

    // Act
    await bundleIntoOutDir([file]);
    const seen = inFreshProcess(outfileOf(file), '(m) => m.handler()');

    // Assess
    expect(seen).toBe('loaded');
  });

  it('gives node-fetch and abort-controller users Node’s own: the real CRM writers, their SDKs loaded from files of their own, bundle none of the polyfills and still talk HTTP', async () => {
    // Prepare: the bundle beside node_modules/ holding the lazy packages, as an asset holds them.
    const file = lambdaEntry(CRM_WRITERS);
    const lazyDir = writeLazyPackages(join(outDir, 'node_modules'), true);

    // Act
    const result = await bundleIntoOutDir([file]);

    // Assess: the SDKs are not in the bundle but in their files, which bundle Node's fetch, not the polyfills.
    const bundled = packagesIn(Object.keys(result.metafile.inputs));
    for (const name of ['airtable', 'gaxios', 'googleapis', '@notionhq/client', 'google-auth-library'])
      expect(bundled, name).not.toContain(name);
    const lazy = packagesIn(Object.values(mapSources(lazyDir)).flat());
    expect(lazy).toContain('airtable');
    expect(lazy).toContain('gaxios');
    expect(lazy).toContain('@notionhq/client');
    for (const polyfill of FETCH_POLYFILLS) expect(lazy, polyfill).not.toContain(polyfill);
    expect(Object.values(mapSources(lazyDir)).flat().join('\n')).toContain('shared/runtime/native-fetch.ts');
    await expectCrmWritersWork(outfileOf(file));
  });

  it('bundles with the same aliases through CDK (NodejsFunction esbuildArgs), as cdk deploy does, and ships the lazy packages a bundle imports', async () => {
    // Prepare
    const { stack, stage, assetDirOf } = cdkStack('Bundling');

    // Act: CDK runs esbuild itself here (local bundling), with the props flowFunction gives it.
    const fn = flowFunction(stack, 'CrmWriters', stage, { entry: CRM_WRITERS });
    const health = flowFunction(stack, 'Health', stage, { entry: 'functions/http/health.ts' });

    // Assess: the CRM SDKs are beside the bundle, not in it; a bundle that never imports them ships none.
    const assetDir = assetDirOf(fn);
    const sources = mapSources(assetDir);
    const inBundle = packagesIn(sources['index.mjs.map'] ?? []);
    const beside = packagesIn(Object.values(sources).flat());
    for (const name of ['airtable', 'gaxios', '@notionhq/client']) {
      expect(inBundle, name).not.toContain(name);
      expect(beside, name).toContain(name);
    }
    for (const name of LAZY_PACKAGE_NAMES)
      expect(existsSync(join(assetDir, 'node_modules', name, 'package.json')), name).toBe(true);
    for (const name of Object.keys(LAMBDA_ALIASES)) expect(beside, name).not.toContain(name);
    for (const polyfill of FETCH_POLYFILLS) expect(beside, polyfill).not.toContain(polyfill);
    const healthDir = assetDirOf(health);
    expect(readdirSync(healthDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    // Its secrets loader's client: the SDK's credential chain is the environment's link alone, through CDK too.
    const healthPackages = packagesIn(mapSources(healthDir)['index.mjs.map'] ?? []);
    expect(healthPackages).toContain('@aws-sdk/credential-provider-env');
    expect(healthPackages).not.toContain('@aws-sdk/credential-provider-node');
    await expectCrmWritersWork(join(assetDir, 'index.mjs'));
  });

  it('gives the provider-secrets loader, and its Secrets Manager client, only to a function whose environment names the secret, through CDK as from the manifests', async () => {
    // Prepare
    const { stack, stage, assetDirOf } = cdkStack('SecretsLoader');

    // Act: the same handler, once as a function that declares the provider secret and once as one that does not.
    const reading = flowFunction(stack, 'Reading', stage, {
      entry: 'functions/http/health.ts',
      environment: { PROVIDER_SECRETS_NAME: 'flow-ia/dev/providers' },
    });
    const notReading = flowFunction(stack, 'NotReading', stage, { entry: 'functions/http/health.ts' });

    // Assess: the loader and the client only where the name is; the manifests' entries follow each declaration.
    const sourcesOf = (fn: Construct) => mapSources(assetDirOf(fn))['index.mjs.map'] ?? [];
    const loader = (sources: string[]) => sources.some((source) => source.endsWith(PROVIDER_SECRETS_LOADER));
    expect(loader(sourcesOf(reading))).toBe(true);
    expect(packagesIn(sourcesOf(reading))).toContain('@aws-sdk/client-secrets-manager');
    expect(loader(sourcesOf(notReading))).toBe(false);
    expect(packagesIn(sourcesOf(notReading))).not.toContain('@aws-sdk/client-secrets-manager');
    const importsLoader = (handler: string) =>
      readFileSync(handlerEntry(handler), 'utf8').includes(basename(PROVIDER_SECRETS_LOADER, '.ts'));
    expect(importsLoader('functions/http/health.ts')).toBe(true); // declares secrets: ['providers']
    expect(importsLoader('functions/http/scenarios/list.ts')).toBe(false); // declares none
  });

  it('signs AWS calls with the credentials Lambda puts in the environment, and bundles none of the rest of the default chain', async () => {
    // Prepare: the health bundle, whose secrets loader calls Secrets Manager before the handler loads, and a
    // stand-in Secrets Manager that records which access key signed each call (SigV4's Credential=<key>/…).
    const file = lambdaEntry('functions/http/health.ts');
    const result = await bundleIntoOutDir([file]);
    const signers: string[] = [];
    const secretsManager = createServer((request, response) => {
      signers.push(/Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? 'unsigned');
      request.resume();
      response
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }));
    });
    await new Promise<void>((resolve) => secretsManager.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`;
    const env = {
      AWS_ENDPOINT_URL: endpoint,
      PROVIDER_SECRETS_NAME: 'flowia/dev/providers',
      TABLE_NAME: 't',
    };
    const role = {
      AWS_ACCESS_KEY_ID: 'ASIABUNDLETEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    };

    try {
      // Act
      const loaded = await inFreshProcessAsync(outfileOf(file), '(m) => typeof m.handler', {
        ...env,
        ...role,
      });
      const withoutRole = await inFreshProcessAsync(outfileOf(file), '(m) => typeof m.handler', env).then(
        () => 'loaded',
        (error: { stderr?: string }) => error.stderr ?? '',
      );

      // Assess: signed with the role's key; with none in the environment the chain ends there, naming it.
      expect(loaded).toBe('function');
      expect(signers).toEqual(['ASIABUNDLETEST']);
      expect(withoutRole).toContain('Unable to find environment variable credentials');
      const bundled = packagesIn(Object.keys(result.metafile.inputs));
      expect(bundled).toContain('@aws-sdk/credential-provider-env');
      for (const name of [
        '@aws-sdk/credential-provider-node',
        '@aws-sdk/credential-provider-ini',
        '@aws-sdk/credential-provider-sso',
        '@aws-sdk/nested-clients',
        '@smithy/credential-provider-imds',
      ])
        expect(bundled, name).not.toContain(name);
    } finally {
      await new Promise((resolve) => secretsManager.close(resolve));
    }
  });

  it('ships libphonenumber’s metadata as JSON beside a bundle that reads phones, read on first use, and none beside one that does not', async () => {
    // Prepare
    const { stack, stage, assetDirOf } = cdkStack('PhoneMetadata');

    // Act
    const detector = flowFunction(stack, 'PhoneDetector', stage, {
      entry: 'test/fixtures/bundling/phone-detector-handler.ts',
    });
    const reply = flowFunction(stack, 'GenerateReply', stage, {
      entry: 'functions/workflow/generate-reply.ts',
    });
    const health = flowFunction(stack, 'Health', stage, { entry: 'functions/http/health.ts' });

    // Assess: the metadata module is not compiled into the bundle; its JSON is in the asset and gets read there.
    const metadataIn = (dir: string) => join(dir, 'node_modules', 'libphonenumber-js', 'metadata.max.json');
    const detectorDir = assetDirOf(detector);
    expect(mapSources(detectorDir)['index.mjs.map']?.some((s) => s.includes('metadata.max.json'))).toBe(
      false,
    );
    expect(packagesIn(mapSources(detectorDir)['index.mjs.map'] ?? [])).toContain('libphonenumber-js');
    expect(JSON.parse(readFileSync(metadataIn(detectorDir), 'utf8')).countries.FR).toBeDefined();
    const found = inFreshProcess(
      join(detectorDir, 'index.mjs'),
      `(m) => m.handler('appelle-moi au 06 12 34 56 78')`,
    );
    expect(found).toBe('+33612345678');
    expect(existsSync(metadataIn(assetDirOf(reply)))).toBe(true);
    expect(existsSync(join(assetDirOf(health), 'node_modules'))).toBe(false);
  });

  it('ships /openapi.json as the finished document: the CDK bundle serves the manifest’s document without the manifest', async () => {
    // Prepare
    const { stack, stage, assetDirOf } = cdkStack('OpenApi');

    // Act: package.json "imports" resolves #openapi-document under the bundle condition CDK passes esbuild.
    const fn = flowFunction(stack, 'OpenApi', stage, { entry: 'functions/http/openapi.ts' });
    const assetDir = assetDirOf(fn);
    const event = {
      version: '2.0',
      routeKey: 'GET /openapi.json',
      rawPath: '/openapi.json',
      rawQueryString: '',
      headers: {},
      requestContext: { http: { method: 'GET', path: '/openapi.json' }, requestId: 'bundling-test' },
      isBase64Encoded: false,
    };
    const response = JSON.parse(
      inFreshProcess(
        join(assetDir, 'index.mjs'),
        `(m) => m.handler(${JSON.stringify(event)}, {}).then(JSON.stringify)`,
        { STAGE: 'dev', APP_BASE_URL: 'https://api.example.com', FRONTEND_URL: 'https://app.example.com' },
      ),
    ) as { statusCode: number; body: string };

    // Assess
    const { sources } = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    expect(sources.some((source) => source.includes('.build/bundle-modules/openapi-document.ts'))).toBe(true);
    for (const manifestPart of [
      'infra/routes',
      'shared/http/openapi.ts',
      'functions/http/openapi-document.ts',
    ])
      expect(
        sources.filter((source) => source.includes(manifestPart)),
        manifestPart,
      ).toEqual([]);
    expect(response.statusCode, response.body).toBe(200);
    expect(JSON.parse(response.body)).toEqual(openApiDocument('dev'));
  });
});
