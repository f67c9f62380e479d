/**
 * What every Lambda bundle gets for `require('abort-controller')` (the esbuild alias in infra/cdk/bundling.ts):
 * Node's own AbortController. airtable 0.12 (lib/abort-controller.js) takes the polyfill package outside a
 * browser and reads it as `__importDefault(require('abort-controller')).default`; its signal then goes to fetch,
 * which is Node's own (shared/runtime/native-fetch.ts), so the native signal is the one it expects.
 */
export default globalThis.AbortController;
