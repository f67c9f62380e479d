/**
 * The architecture's dependency rules, checked by `npm test` (see DESIGN.md: dependencies point inward).
 */
const OUTSIDE_SDKS =
  '^(@aws-sdk|@aws-lambda-powertools|openai|stripe|googleapis|google-auth-library|@notionhq|airtable|playwright-core|@sparticuz|jose|dynalite|aws-local-stepfunctions)';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'Domain logic imports nothing outside shared/domain (and zod, libphonenumber for parsing).',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: {
        pathNot: [
          '^shared/domain/',
          '^shared/errors\\.ts$',
          'node_modules/(zod|libphonenumber-js)/',
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
      name: 'shared-never-imports-functions-or-infra',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra)/' },
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
