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

function violatedRules(file: string, config = '.dependency-cruiser.cjs'): string[] {
  let output: string;
  try {
    output = execFileSync(
      join('node_modules', '.bin', 'depcruise'),
      ['--config', config, '--output-type', 'json', file],
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

  it('fires one-middleware-stack on a handler that builds a middy chain of its own', () => {
    // Prepare
    const file = probe(
      `functions/${PROBE}/handler.ts`,
      "import middy from '@middy/core';\nexport const handler = middy();\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('one-middleware-stack');
  }, 60_000);

  it('fires handlers-build-no-adapters on a handler importing an adapter', () => {
    // Prepare
    const file = probe(
      `functions/${PROBE}/adapter.ts`,
      "import { signAccessToken } from '../../shared/adapters/jwt/access-token';\nexport const x = signAccessToken;\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('handlers-build-no-adapters');
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

  it('fires production-never-imports-simulation-or-test on shared code importing a simulated provider', () => {
    // Prepare
    const file = probe(
      `shared/${PROBE}/simulated.ts`,
      "import { startFakeStripe } from '../../simulation/stripe';\nexport const x = startFakeStripe;\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('production-never-imports-simulation-or-test');
  }, 60_000);

  it('fires only-local-stage-and-tests-import-simulation on the CDK app importing a simulated provider', () => {
    // Prepare
    const file = probe(
      `infra/${PROBE}/simulated.ts`,
      "import { startFakeStripe } from '../../simulation/stripe';\nexport const x = startFakeStripe;\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('only-local-stage-and-tests-import-simulation');
  }, 60_000);

  it('fires nothing-imports-test on the local stage importing a test helper', () => {
    // Prepare
    const file = probe(
      `infra/local/${PROBE}/helper.ts`,
      "import { officialFixture } from '../../../test/support/fixtures';\nexport const x = officialFixture;\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('nothing-imports-test');
  }, 60_000);

  it('fires simulation-is-built-from-provider-docs on a simulated provider importing our code', () => {
    // Prepare
    const file = probe(
      `simulation/${PROBE}/fake.ts`,
      "import { config } from '../../shared/config';\nexport const x = config;\n",
    );
    // Act
    const rules = violatedRules(file);
    // Assess
    expect(rules).toContain('simulation-is-built-from-provider-docs');
  }, 60_000);

  it('fires decide-step-reaches-no-provider on a Decide step that reaches the provider wiring indirectly', () => {
    // Prepare: the rule as configured, aimed at a probe step whose only import reaches the engine's wiring.
    const step = probe(
      `functions/workflow/${PROBE}/decide.ts`,
      "import { sender } from '../../../shared/wiring/sender';\nexport const x = sender;\n",
    );
    const config = probe(
      `functions/workflow/${PROBE}/depcruise.cjs`,
      [
        "const base = require('../../../.dependency-cruiser.cjs');",
        'module.exports = { ...base, forbidden: base.forbidden',
        "  .filter((rule) => rule.name === 'decide-step-reaches-no-provider')",
        `  .map((rule) => ({ ...rule, from: { path: '^${step.replace(/\./g, '\\\\.')}$' } })) };`,
      ].join('\n'),
    );
    // Act
    const rules = violatedRules(step, config);
    // Assess
    expect(rules).toContain('decide-step-reaches-no-provider');
  }, 60_000);

  it('finds nothing the real Decide step bundles that reaches a provider', () => {
    // Act
    const rules = violatedRules('functions/workflow/decide.ts');
    // Assess
    expect(rules).not.toContain('decide-step-reaches-no-provider');
  }, 60_000);
});
