import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An official TikTok example payload under test/fixtures/tiktok/, with the URL it comes from. */
export interface TikTokFixture {
  source: string;
  copiedFrom: string;
  request?: { method: string; path: string; query?: Record<string, string>; body?: Record<string, unknown> };
  body: Record<string, any>;
}

export const tiktokFixture = (name: string): TikTokFixture =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tiktok', `${name}.json`), 'utf8'));

/** The JSON's skeleton: the same keys, each value replaced by its type (arrays by their items' skeletons). */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, item]) => [key, shapeOf(item)] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  return value === null ? 'null' : typeof value;
}
