import { randomUUID } from 'node:crypto';
import {
  bearer,
  type FakeReply,
  type FakeRequest,
  type Fault,
  invalidJson,
  startJsonServer,
} from './json-server';

/**
 * Fake Notion API: POST /v1/pages and PATCH /v1/pages/{id} (properties, or `in_trash` / its alias `archived` to
 * trash a page) into databases with a property schema. Checks the
 * Bearer integration token, the Notion-Version header, the parent (database_id with 2022-06-28, data_source_id or
 * database_id with 2025-09-03), every property against the database schema with Notion's value shapes and size
 * limits, and answers Notion's error object `{ object: "error", status, code, message }`.
 * Knobs: `faults` (429 rate_limited with Retry-After, 5xx).
 */
export type NotionPropertyType =
  | 'title'
  | 'rich_text'
  | 'number'
  | 'select'
  | 'multi_select'
  | 'date'
  | 'email'
  | 'phone_number'
  | 'checkbox'
  | 'url';

export interface FakeNotionOptions {
  tokens?: string[];
  /** database id → property name → type. */
  databases?: Record<string, Record<string, NotionPropertyType>>;
}

export interface NotionPage {
  id: string;
  databaseId: string;
  properties: Record<string, unknown>;
  createdTime: string;
  lastEditedTime: string;
  inTrash: boolean;
}

const VERSIONS = ['2022-06-28', '2025-09-03'];
const normalise = (id: string) => id.replaceAll('-', '').toLowerCase();
const notionError = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): FakeReply => ({
  status,
  body: { object: 'error', status, code, message, request_id: randomUUID() },
  ...(headers ? { headers } : {}),
});

export async function startFakeNotion(options: FakeNotionOptions = {}) {
  const state = {
    tokens: new Set(options.tokens ?? ['ntn_fake_integration_token']),
    databases: new Map(
      Object.entries(options.databases ?? {}).map(([id, schema]) => [normalise(id), schema]),
    ),
    pages: new Map<string, NotionPage>(),
    faults: [] as Fault[],
    requests: [] as Array<{ method: string; path: string; version: string | undefined; body: unknown }>,
  };
  const server = await startJsonServer((request) => handle(state, request));
  return { ...server, state };
}

type State = Awaited<ReturnType<typeof startFakeNotion>>['state'];

function handle(state: State, request: FakeRequest): FakeReply {
  const version = request.headers['notion-version'] as string | undefined;
  state.requests.push({ method: request.method, path: request.path, version, body: request.body });
  const token = bearer(request.headers);
  if (!token || !state.tokens.has(token)) return notionError(401, 'unauthorized', 'API token is invalid.');
  if (!version)
    return notionError(
      400,
      'missing_version',
      'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
    );
  if (!VERSIONS.includes(version))
    return notionError(
      400,
      'validation_error',
      `Notion-Version header failed validation: ${version} is not a supported version.`,
    );
  const fault = state.faults.shift();
  if (fault) {
    const headers =
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : undefined;
    if (fault.status === 429)
      return notionError(
        429,
        'rate_limited',
        'You have been rate limited. Please try again in a few minutes.',
        headers,
      );
    return notionError(
      fault.status,
      fault.status === 503 ? 'service_unavailable' : 'internal_server_error',
      'Unexpected error occurred.',
      headers,
    );
  }
  if (invalidJson(request.body)) return notionError(400, 'invalid_json', 'Error parsing JSON body.');
  const body = (request.body ?? {}) as {
    parent?: Record<string, unknown>;
    properties?: unknown;
    in_trash?: unknown;
    archived?: unknown;
  };
  const now = new Date().toISOString();

  if (request.method === 'POST' && request.path === '/v1/pages') {
    const parent = body.parent ?? {};
    const parentId =
      typeof parent.database_id === 'string'
        ? parent.database_id
        : version === '2025-09-03' && typeof parent.data_source_id === 'string'
          ? parent.data_source_id
          : undefined;
    if (!parentId)
      return notionError(
        400,
        'validation_error',
        'body failed validation: body.parent.database_id should be defined, instead was `undefined`.',
      );
    const schema = state.databases.get(normalise(parentId));
    if (!schema)
      return notionError(
        404,
        'object_not_found',
        `Could not find database with ID: ${parentId}. Make sure the relevant pages and databases are shared with your integration.`,
      );
    const problem = validateProperties(schema, body.properties, true);
    if (problem) return notionError(400, 'validation_error', problem);
    const page: NotionPage = {
      id: randomUUID(),
      databaseId: normalise(parentId),
      properties: body.properties as Record<string, unknown>,
      createdTime: now,
      lastEditedTime: now,
      inTrash: false,
    };
    state.pages.set(page.id, page);
    return { status: 200, body: pageObject(page) };
  }
  const update = request.path.match(/^\/v1\/pages\/([^/]+)$/);
  if (request.method === 'PATCH' && update?.[1]) {
    const page = state.pages.get(update[1]);
    if (!page)
      return notionError(
        404,
        'object_not_found',
        `Could not find page with ID: ${update[1]}. Make sure the relevant pages and databases are shared with your integration.`,
      );
    // The API cannot delete a page: an update with `in_trash: true` moves it to the trash, and `archived` is its
    // deprecated alias in the versions before 2026-03-11 (https://developers.notion.com/reference/archive-a-page).
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined) {
      if (typeof trash !== 'boolean')
        return notionError(
          400,
          'validation_error',
          'body failed validation: body.in_trash should be a boolean.',
        );
      page.inTrash = trash;
      page.lastEditedTime = now;
      if (body.properties === undefined) return { status: 200, body: pageObject(page) };
    }
    // A trashed page cannot be edited until it is restored.
    if (page.inTrash)
      return notionError(
        400,
        'validation_error',
        "Can't edit block that is archived. You must unarchive the block before editing.",
      );
    const schema = state.databases.get(page.databaseId) ?? {};
    const problem = validateProperties(schema, body.properties, false);
    if (problem) return notionError(400, 'validation_error', problem);
    page.properties = { ...page.properties, ...(body.properties as Record<string, unknown>) };
    page.lastEditedTime = now;
    return { status: 200, body: pageObject(page) };
  }
  return notionError(400, 'invalid_request_url', 'Invalid request URL.');
}

function pageObject(page: NotionPage) {
  return {
    object: 'page',
    id: page.id,
    created_time: page.createdTime,
    last_edited_time: page.lastEditedTime,
    archived: page.inTrash,
    in_trash: page.inTrash,
    parent: { type: 'database_id', database_id: page.databaseId },
    properties: page.properties,
    url: `https://www.notion.so/${page.id.replaceAll('-', '')}`,
  };
}

const richTextOk = (value: unknown) =>
  Array.isArray(value) &&
  value.length <= 100 &&
  value.every((part) => {
    const content = (part as { text?: { content?: unknown } })?.text?.content;
    return typeof content === 'string' && content.length <= 2000;
  });
const optionOk = (value: unknown) => {
  const name = (value as { name?: unknown })?.name;
  return typeof name === 'string' && name.length > 0 && name.length <= 100 && !name.includes(',');
};

/** Returns Notion's validation message for the first wrong property, or undefined when all are right. */
function validateProperties(
  schema: Record<string, NotionPropertyType>,
  properties: unknown,
  creating: boolean,
): string | undefined {
  if (!properties || typeof properties !== 'object')
    return 'body failed validation: body.properties should be an object.';
  for (const [name, value] of Object.entries(properties)) {
    const type = schema[name];
    if (!type) return `${name} is not a property that exists.`;
    if (!value || typeof value !== 'object' || !(type in value)) return `${name} is expected to be ${type}.`;
    const inner = (value as Record<string, unknown>)[type];
    const ok = (() => {
      switch (type) {
        case 'title':
        case 'rich_text':
          return richTextOk(inner);
        case 'number':
          return inner === null || (typeof inner === 'number' && Number.isFinite(inner));
        case 'select':
          return inner === null || optionOk(inner);
        case 'multi_select':
          return Array.isArray(inner) && inner.length <= 100 && inner.every(optionOk);
        case 'date': {
          const start = (inner as { start?: unknown } | null)?.start;
          return inner === null || (typeof start === 'string' && !Number.isNaN(Date.parse(start)));
        }
        case 'email':
          return inner === null || (typeof inner === 'string' && inner.length <= 200 && inner.includes('@'));
        case 'phone_number':
          return inner === null || (typeof inner === 'string' && inner.length <= 200);
        case 'url':
          return inner === null || (typeof inner === 'string' && inner.length <= 2000);
        case 'checkbox':
          return typeof inner === 'boolean';
      }
    })();
    if (!ok) return `body failed validation: body.properties.${name}.${type} is invalid.`;
  }
  if (
    creating &&
    !Object.entries(schema).some(([name, type]) => type === 'title' && name in (properties as object))
  )
    return 'body failed validation: the title property should be defined.';
  return undefined;
}

export type FakeNotion = Awaited<ReturnType<typeof startFakeNotion>>;
