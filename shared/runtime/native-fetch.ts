/**
 * What every Lambda bundle gets for `import … from 'node-fetch'` (the esbuild alias in infra/cdk/bundling.ts):
 * Node 24's own fetch (undici), instead of node-fetch v2 (airtable, which drags whatwg-url and tr46, ~260 KB) and
 * node-fetch v3 (gaxios, under googleapis, with fetch-blob and web-streams-polyfill, ~60 KB).
 *
 * What the two callers use, read in their source:
 * - airtable 0.12 (lib/fetch.js): `__importDefault(require('node-fetch')).default(url, { method, headers, body,
 *   signal })`, the signal from the abort-controller package (the native fetch accepts it: it checks `aborted`
 *   and `addEventListener`, as the WHATWG AbortSignal has them).
 * - gaxios 7 (build/esm/src/gaxios.js #getFetch): `(await import('node-fetch')).default`, called with the
 *   request options it also prepares for the native fetch (`duplex: 'half'` on a body, `AbortSignal.timeout`);
 *   `agent` is a node-fetch option that undici ignores, as gaxios does on the browser's fetch.
 * The named exports are node-fetch's own classes, for code that reads them (`fetch.Request`, `instanceof`).
 */
export default globalThis.fetch;
export const { Headers, Request, Response, FormData, Blob, File } = globalThis;
