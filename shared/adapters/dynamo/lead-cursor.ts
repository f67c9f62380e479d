import { ValidationError } from '../../errors';
import * as keys from './keys';
import type { LeadQueryPlan } from './lead-query-plan';

type Key = Record<string, unknown>;

/**
 * List cursors: the position (table key + index key of the last lead returned) plus the fingerprint of the query
 * that produced it, base64url JSON. Opaque to clients and checked on the way back: the keys must be exactly the
 * ones this workspace's query would produce, so a tampered or foreign cursor is a 400, never a peek elsewhere.
 */
export function encodeLeadCursor(plan: LeadQueryPlan, key: Key): string {
  return Buffer.from(JSON.stringify({ v: 1, f: plan.fingerprint, k: key })).toString('base64url');
}

export function decodeLeadCursor(workspaceId: string, plan: LeadQueryPlan, cursor: string): Key {
  const invalid = () =>
    new ValidationError('The cursor is invalid for this list.', [{ path: 'cursor', message: 'invalid' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!decoded || typeof decoded !== 'object' || Object.keys(decoded).sort().join(',') !== 'f,k,v')
    throw invalid();
  const { v, f, k } = decoded as { v?: unknown; f?: unknown; k?: unknown };
  if (v !== 1 || f !== plan.fingerprint || !k || typeof k !== 'object') throw invalid();
  const key = k as Key;
  const expected = ['pk', 'sk', plan.partitionAttribute, plan.sortAttribute].sort();
  const actual = Object.keys(key).sort();
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw invalid();
  if (Object.values(key).some((value) => typeof value !== 'string')) throw invalid();
  const leadId = String(key.sk).replace(/^LEAD#/, '');
  if (
    key.pk !== keys.ws(workspaceId) ||
    !String(key.sk).startsWith('LEAD#') ||
    key[plan.partitionAttribute] !== plan.partition ||
    !String(key[plan.sortAttribute]).endsWith(`#${leadId}`)
  )
    throw invalid();
  return key;
}
