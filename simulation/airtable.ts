import { randomBytes } from 'node:crypto';
import {
  bearer,
  type FakeReply,
  type FakeRequest,
  type Fault,
  invalidJson,
  startJsonServer,
} from './json-server';

/**
 * Fake Airtable Web API: create (POST) and update (PATCH) records at /v0/{baseId}/{table}, delete one at
 * DELETE /v0/{baseId}/{table}/{recordId}. Checks the Bearer
 * personal access token, the base and table, at most 10 records per request, and field names against the table
 * (typecast creates select options, not fields). Enforces 5 requests per second per base: over it, 429 and every
 * request to that base refused for `rateLimitCooldownMs` (30 s in the real service; a knob here).
 * Knobs: `faults` (scripted 429/5xx), `rateLimitCooldownMs`.
 */
export interface FakeAirtableOptions {
  tokens?: string[];
  /** baseId → table name → field names. */
  bases?: Record<string, Record<string, string[]>>;
  rateLimitCooldownMs?: number;
  requestsPerSecond?: number;
}

export interface AirtableRecord {
  id: string;
  createdTime: string;
  fields: Record<string, unknown>;
}

const airtableError = (status: number, type: string, message: string): FakeReply => ({
  status,
  body: { error: { type, message } },
});
const rateLimited = (): FakeReply => ({
  status: 429,
  body: { errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] },
});

export async function startFakeAirtable(options: FakeAirtableOptions = {}) {
  const state = {
    tokens: new Set(options.tokens ?? ['patFAKE.airtable-token']),
    bases: new Map(
      Object.entries(options.bases ?? {}).map(([baseId, tables]) => [
        baseId,
        new Map(
          Object.entries(tables).map(([name, fields]) => [
            name,
            { fields: new Set(fields), records: new Map<string, AirtableRecord>() },
          ]),
        ),
      ]),
    ),
    rateLimitCooldownMs: options.rateLimitCooldownMs ?? 30_000,
    requestsPerSecond: options.requestsPerSecond ?? 5,
    faults: [] as Fault[],
    /** Arrival times per base, for the 5 req/s rule (and for tests to check the client's pacing). */
    arrivals: new Map<string, number[]>(),
    blockedUntil: new Map<string, number>(),
    rateLimitedCount: 0,
    requests: [] as Array<{ method: string; path: string; body: unknown }>,
  };
  const server = await startJsonServer((request) => handle(state, request));
  return { ...server, state };
}

type State = Awaited<ReturnType<typeof startFakeAirtable>>['state'];

function handle(state: State, request: FakeRequest): FakeReply {
  state.requests.push({ method: request.method, path: request.path, body: request.body });
  const match = request.path.match(/^\/v0\/([^/]+)\/([^/]+)(?:\/(rec[A-Za-z0-9]+))?\/?$/);
  if (!match) return airtableError(404, 'NOT_FOUND', 'Could not find what you are looking for');
  const token = bearer(request.headers);
  if (!token || !state.tokens.has(token))
    return airtableError(401, 'AUTHENTICATION_REQUIRED', 'Authentication required');
  const baseId = decodeURIComponent(match[1] ?? '');
  const tableName = decodeURIComponent(match[2] ?? '');

  const now = Date.now();
  if ((state.blockedUntil.get(baseId) ?? 0) > now) {
    state.rateLimitedCount += 1;
    return rateLimited();
  }
  const recent = (state.arrivals.get(baseId) ?? []).filter((t) => t > now - 1000);
  recent.push(now);
  state.arrivals.set(baseId, recent);
  if (recent.length > state.requestsPerSecond) {
    state.blockedUntil.set(baseId, now + state.rateLimitCooldownMs);
    state.rateLimitedCount += 1;
    return rateLimited();
  }
  const fault = state.faults.shift();
  if (fault) {
    if (fault.status === 429) {
      state.blockedUntil.set(baseId, now + state.rateLimitCooldownMs);
      state.rateLimitedCount += 1;
      return rateLimited();
    }
    return airtableError(
      fault.status,
      fault.status === 503 ? 'SERVICE_UNAVAILABLE' : 'SERVER_ERROR',
      'Try again. If the problem persists, contact support.',
    );
  }

  const table = state.bases.get(baseId)?.get(tableName);
  if (!table)
    return airtableError(
      403,
      'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND',
      'Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct.',
    );
  const recordId = match[3];
  if (recordId || request.method === 'DELETE') {
    // Delete a record: DELETE /v0/{baseId}/{tableIdOrName}/{recordId} → { id, deleted: true }; an unknown id is
    // 404 NOT_FOUND (https://airtable.com/developers/web/api/delete-record).
    if (request.method !== 'DELETE' || !recordId)
      return airtableError(404, 'NOT_FOUND', 'Could not find what you are looking for');
    if (!table.records.delete(recordId))
      return airtableError(404, 'NOT_FOUND', `Record not found: ${recordId}`);
    return { status: 200, body: { id: recordId, deleted: true } };
  }
  if (invalidJson(request.body))
    return airtableError(422, 'INVALID_REQUEST_BODY', 'Could not parse request body');
  const body = (request.body ?? {}) as { records?: unknown; fields?: unknown; typecast?: unknown };
  const records = Array.isArray(body.records)
    ? body.records
    : body.fields
      ? [{ fields: body.fields }]
      : undefined;
  if (!records || records.length === 0)
    return airtableError(
      422,
      'INVALID_REQUEST_MISSING_FIELDS',
      'Could not find field "records" in the request body',
    );
  if (records.length > 10)
    return airtableError(
      422,
      'INVALID_RECORDS',
      'You can only create or update up to 10 records per request',
    );
  for (const record of records as Array<{ fields?: unknown }>) {
    if (!record?.fields || typeof record.fields !== 'object')
      return airtableError(
        422,
        'INVALID_REQUEST_MISSING_FIELDS',
        'Could not find field "fields" in the request body',
      );
    for (const name of Object.keys(record.fields))
      if (!table.fields.has(name))
        return airtableError(422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${name}"`);
  }

  const out: AirtableRecord[] = [];
  if (request.method === 'POST') {
    for (const record of records as Array<{ fields: Record<string, unknown> }>) {
      const created = {
        id: `rec${randomBytes(7).toString('hex').slice(0, 14)}`,
        createdTime: new Date(now).toISOString(),
        fields: dropEmpty(record.fields),
      };
      table.records.set(created.id, created);
      out.push(created);
    }
  } else if (request.method === 'PATCH') {
    for (const record of records as Array<{ id?: string; fields: Record<string, unknown> }>) {
      const existing = record.id ? table.records.get(record.id) : undefined;
      if (!existing) return airtableError(404, 'NOT_FOUND', `Record not found: ${record.id}`);
      existing.fields = dropEmpty({ ...existing.fields, ...record.fields });
      out.push(existing);
    }
  } else return airtableError(404, 'NOT_FOUND', 'Could not find what you are looking for');
  return { status: 200, body: Array.isArray(body.records) ? { records: out } : out[0] };
}

/** Airtable omits empty fields (null, '', []) from records it returns. */
function dropEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)),
  );
}

export type FakeAirtable = Awaited<ReturnType<typeof startFakeAirtable>>;
