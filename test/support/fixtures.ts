import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An official example payload kept under test/fixtures/<provider>/, with the page it was copied from. */
export interface OfficialFixture<T = Record<string, any>> {
  source: string;
  example: string;
  payload: T;
}

export function officialFixture<T = Record<string, any>>(provider: string, name: string): OfficialFixture<T> {
  const path = join(import.meta.dirname, '..', 'fixtures', provider, name);
  return JSON.parse(readFileSync(path, 'utf8')) as OfficialFixture<T>;
}
