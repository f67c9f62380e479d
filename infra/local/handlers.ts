import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..', '..');
const loaded = new Map<string, Promise<Record<string, unknown>>>();

/** Imports a handler module once, as a warm Lambda container would keep it. */
export async function loadHandler<T = (...args: never[]) => Promise<unknown>>(
  file: string,
  exportName = 'handler',
): Promise<T> {
  let module = loaded.get(file);
  if (!module) {
    module = import(pathToFileURL(resolve(ROOT, file)).href) as Promise<Record<string, unknown>>;
    loaded.set(file, module);
  }
  const fn = (await module)[exportName];
  if (typeof fn !== 'function') throw new Error(`${file} does not export a function named ${exportName}`);
  return fn as T;
}

export const REPO_ROOT = ROOT;
