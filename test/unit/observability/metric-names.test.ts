import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricName } from '../../../shared/observability/metric-names';

/** Production TypeScript under shared/ and functions/ (the code that can emit a metric). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const LIST = join('shared', 'observability', 'metric-names.ts');

describe('Module: metric-names', () => {
  it('lists only metrics some production code emits', () => {
    // Prepare: the emit sites are `countMetric(MetricName.X…)` or the step-failure helper.
    const code = [...sources('shared'), ...sources('functions')]
      .filter((path) => path !== LIST)
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    // Act
    const silent = Object.keys(MetricName).filter(
      (key) => !new RegExp(`countMetric\\(\\s*MetricName\\.${key}\\b`).test(code),
    );
    // Assess
    expect(silent).toEqual([]);
  });

  it('has no emit site naming a metric outside the list', () => {
    // Prepare
    const code = [...sources('shared'), ...sources('functions')].map((path) => readFileSync(path, 'utf8'));
    // Act
    const literal = code.flatMap((text) => [...text.matchAll(/(countMetric|addMetric)\(\s*['"`]([^'"`]+)/g)]);
    // Assess
    expect(literal.map((match) => match[2])).toEqual([]);
  });
});
