import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { sdkBytes } from '../../bench/bundles';

/** A metafile with one output whose inputs import each other as `graph` says, each `size` bytes in the output. */
function metafileOf(graph: Record<string, string[]>, size = 100): Metafile {
  const inputs: Metafile['inputs'] = {};
  for (const [path, imports] of Object.entries(graph))
    inputs[path] = { bytes: size, imports: imports.map((to) => ({ path: to, kind: 'import-statement' })) };
  return {
    inputs,
    outputs: {
      'out/handler.mjs': {
        bytes: size * Object.keys(graph).length,
        entryPoint: 'entry.ts',
        imports: [],
        exports: ['handler'],
        inputs: Object.fromEntries(Object.keys(graph).map((path) => [path, { bytesInOutput: size }])),
      },
    },
  };
}

describe('Function: sdkBytes', () => {
  it('counts the SDK packages and what only they import, not what our code also reaches', () => {
    // Prepare
    const metafile = metafileOf({
      'entry.ts': ['shared/store.ts'],
      'shared/store.ts': ['node_modules/@aws-sdk/lib-dynamodb/index.js', 'node_modules/zod/index.js'],
      'node_modules/@aws-sdk/lib-dynamodb/index.js': [
        'node_modules/@smithy/core/index.js',
        'node_modules/mnemonist/lru-cache.js',
        'node_modules/zod/index.js',
      ],
      'node_modules/@smithy/core/index.js': ['node_modules/tslib/index.js'],
      'node_modules/mnemonist/lru-cache.js': [],
      'node_modules/tslib/index.js': [],
      'node_modules/zod/index.js': [],
    });

    // Act
    const bytes = sdkBytes(metafile);

    // Assess: @aws-sdk, @smithy, mnemonist and tslib (only the SDK reaches them); zod is ours.
    expect(bytes).toBe(400);
  });

  it('counts nothing when the bundle has no SDK', () => {
    // Prepare
    const metafile = metafileOf({ 'entry.ts': ['shared/a.ts'], 'shared/a.ts': [] });

    // Act & Assess
    expect(sdkBytes(metafile)).toBe(0);
  });
});
