import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Each dependency rule of .dependency-cruiser.cjs must be able to fire: a probe file that breaks it is written
 * where the rule looks (the rules are anchored on repository paths), cruised alone, and removed.
 */
const PROBE = `rule-probe-${process.pid}`;
const written: string[] = [];

function probe(path: string, source: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
  written.push(dirname(path));
  return path;
}

function violatedRules(file: string): string[] {
  let output: string;
  try {
    output = execFileSync(
      join('node_modules', '.bin', 'depcruise'),
      ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', file],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  const result = JSON.parse(output) as {
    summary: { violations: Array<{ from: string; rule: { name: string } }> };
  };
  return result.summary.violations.filter((v) => v.from === file).map((v) => v.rule.name);
}

afterAll(() => {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
});

describe('Module: .dependency-cruiser.cjs', () => {
  it('fires only-adapters-import-sdks on a service importing an SDK (node_modules is seen, not excluded)', () => {
    // Prepare
    const file = probe(
      `shared/services/${PROBE}/sdk.ts`,
      "import { SignJWT } from 'jose';\nexport const x = SignJWT;\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('only-adapters-import-sdks');
  }, 60_000);

  it('fires only-composition-imports-adapters on a service importing an adapter', () => {
    // Prepare
    const file = probe(
      `shared/services/${PROBE}/adapter.ts`,
      "import { signAccessToken } from '../../adapters/jwt/access-token';\nexport const x = signAccessToken;\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('only-composition-imports-adapters');
  }, 60_000);

  it('fires functions-never-import-infra on an entry file importing infra', () => {
    // Prepare
    const file = probe(
      `functions/${PROBE}/entry.ts`,
      "import * as paths from '../../infra/cdk/paths';\nexport const x = paths;\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('functions-never-import-infra');
  }, 60_000);
});
