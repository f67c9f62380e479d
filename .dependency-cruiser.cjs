/**
 * The architecture's dependency rules, checked by `npm run depcheck` (part of `npm test`). ARCHITECTURE.md
 * ("Layers") says why: dependencies point inward (functions → services → domain), adapters sit behind ports, and
 * simulated providers never reach deployed code. test/unit/architecture/dependency-rules.test.ts proves each rule can fire.
 */
const OUTSIDE_SDKS =
  '^(@aws-sdk|@aws-lambda-powertools|openai|stripe|googleapis|google-auth-library|@notionhq|airtable|playwright-core|@sparticuz|jose|dynalite|aws-local-stepfunctions)';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'Domain logic imports nothing outside shared/domain (and zod, libphonenumber and its metadata for parsing).',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: {
        pathNot: [
          '^shared/domain/',
          '^shared/errors\\.ts$',
          // zod is the domain's parsing vocabulary; shared/schemas/zod.ts is that zod (zod/mini + English messages).
          '^shared/schemas/zod\\.ts$',
          'node_modules/(zod|libphonenumber-js)/',
          // libphonenumber's metadata, which that file reads on first use rather than compiling into the bundle.
          '^shared/runtime/phone-metadata\\.ts$',
          '^(node:)?crypto$',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'services-stay-inside',
      comment: 'Services never import functions or infra.',
      severity: 'error',
      from: { path: '^shared/services/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'only-adapters-import-sdks',
      comment:
        'Only adapters (and the observability and http plumbing, and infra) talk to outside systems through their SDKs.',
      severity: 'error',
      from: { path: '^(shared/(domain|services|schemas)|functions)/' },
      to: { path: `node_modules/${OUTSIDE_SDKS.slice(1)}`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'one-middleware-stack',
      comment:
        'Every Lambda entry is built on the common chain (shared/entry, shared/http/handler.ts): only they use middy.',
      severity: 'error',
      from: { path: '^(functions|shared)/', pathNot: '^shared/(entry|http)/' },
      to: { path: 'node_modules/@middy/' },
    },
    {
      name: 'shared-never-imports-functions-or-infra',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'functions-never-import-infra',
      comment:
        'Lambda entry files are bundled alone: the CDK app and the local stage (infra/) stay out of them. The route and schedule manifests are plain data the /openapi.json and /admin/status handlers read; they are the one exception until they move under shared/.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^infra/', pathNot: '^infra/(routes|schedules)(\\.ts$|/)' },
    },
    {
      name: 'only-composition-imports-adapters',
      comment:
        'Shared code reaches adapters through ports; the composition code (shared/wiring, infra, and for now the HTTP plumbing in shared/http) builds them.',
      severity: 'error',
      from: { path: '^shared/', pathNot: '^shared/(wiring|adapters|http)/' },
      to: { path: '^shared/adapters/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'handlers-build-no-adapters',
      comment:
        'A handler parses, calls a service from shared/wiring and maps the result: the wiring builds the adapters.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^shared/adapters/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'decide-step-reaches-no-provider',
      comment:
        "The Decide step runs the pure decision (shared/domain/decisions), the pause gate and the hand-over alert: nothing it bundles, however indirectly, reaches a social, AI, CRM or billing provider adapter, the provider wiring or a provider SDK. (The alert may email through SES, the stage's own AWS mail service, granted to Decide in the pipeline stack.)",
      severity: 'error',
      from: { path: '^functions/workflow/decide\\.ts$' },
      to: {
        path: [
          '^shared/adapters/(meta|tiktok|youtube|linkedin|google|openai|stripe|notion|airtable|sheets)/',
          '^shared/wiring/(providers|meta|tiktok|youtube|linkedin|linkedin-browser|google|ai|crm|engine)\\.ts$',
          'node_modules/(openai|stripe|googleapis|google-auth-library|@notionhq|airtable|playwright-core|@sparticuz)/',
        ],
        reachable: true,
      },
    },
    {
      name: 'production-never-imports-simulation-or-test',
      comment:
        'Lambda code (functions/, shared/) never reaches the simulated providers (simulation/) or the tests: what is deployed runs against the real providers only.',
      severity: 'error',
      from: { path: '^(functions|shared)/' },
      to: { path: '^(simulation|test)/' },
    },
    {
      name: 'only-local-stage-and-tests-import-simulation',
      comment:
        'The simulated providers are started by the local stage (infra/local/) and by the tests, nothing else.',
      severity: 'error',
      from: { pathNot: '^(infra/local|test|simulation)/' },
      to: { path: '^simulation/' },
    },
    {
      name: 'nothing-imports-test',
      comment: 'test/ imports the code, never the other way round (the local stage included).',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'simulation-is-built-from-provider-docs',
      comment:
        "A simulated provider follows the provider's official documentation, never our adapters: it imports none of our code.",
      severity: 'error',
      from: { path: '^simulation/' },
      to: { path: '^(functions|shared|infra|test)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '(^|/)(cdk\\.out|\\.local)/' },
  },
};
