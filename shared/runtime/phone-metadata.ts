import { createRequire } from 'node:module';
import type { MetadataJson } from 'libphonenumber-js/core';

/**
 * libphonenumber's `max` metadata (every country's real number ranges, 157 KB), read as JSON the first time the
 * phone detector (shared/domain/leads/phone.ts) parses a number. Imported (`libphonenumber-js/max`), it is a 157 KB
 * object literal that V8 compiles at every cold start of every bundle holding the detector, whether or not it
 * reads a number (about 4 ms); JSON.parse of the same data is cheaper, about 2 ms with the file's read
 * (https://v8.dev/blog/cost-of-javascript-2019#json).
 * Node resolves the call, never esbuild: from a bundle, in its own node_modules/ (infra/cdk/bundling.ts LAZY_DATA
 * ships the file there); from source, in the package, whose `require` condition is the .json file itself.
 */
const requireData = createRequire(import.meta.url);

let metadata: MetadataJson | undefined;

export function maxPhoneMetadata(): MetadataJson {
  metadata ??= requireData('libphonenumber-js/metadata.max.json') as MetadataJson;
  return metadata;
}
