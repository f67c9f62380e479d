import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResourceNeeds } from '../resource-needs';
import { runAsHandler } from './resource-guard';

const ROOT = resolve(import.meta.dirname, '..', '..');
const loaded = new Map<string, Promise<Record<string, unknown>>>();

/**
 * Imports a handler module once, as a warm Lambda container would keep it, and returns its handler wrapped so that
 * every invocation runs with only what its declaration grants (resource-guard.ts): the manifests' declaration of
 * that handler, or `needs`, the entry's own, for a handler no manifest names.
 */
export async function loadHandler<T = (...args: never[]) => Promise<unknown>>(
  file: string,
  needs?: ResourceNeeds,
  exportName = 'handler',
): Promise<T> {
  let module = loaded.get(file);
  if (!module) {
    module = import(pathToFileURL(resolve(ROOT, file)).href) as Promise<Record<string, unknown>>;
    loaded.set(file, module);
  }
  const fn = (await module)[exportName];
  if (typeof fn !== 'function') throw new Error(`${file} does not export a function named ${exportName}`);
  const guarded = (...args: unknown[]) => runAsHandler(file, () => fn(...args), needs);
  // Keeps what the runtime reads off the function (the streaming marker of awslambda.streamifyResponse).
  return Object.assign(guarded, fn) as T;
}

export const REPO_ROOT = ROOT;
