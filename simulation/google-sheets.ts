import {
  bearer,
  type FakeReply,
  type FakeRequest,
  type Fault,
  invalidJson,
  startJsonServer,
} from './json-server';

/**
 * Fake Google Sheets API v4 (spreadsheets.values append / get / update / clear) at the real paths. Checks what Google
 * checks, each rule with its source:
 * - an OAuth 2.0 access token issued by Google (the fake Google's `tokenInfo`): unknown or expired → 401
 *   UNAUTHENTICATED; an API key cannot write (https://developers.google.com/workspace/sheets/api/guides/authorizing);
 * - a scope that allows the call: writes need spreadsheets, drive or drive.file, reads also accept the readonly
 *   ones (each method's "Authorization scopes", e.g.
 *   https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append), else 403
 *   "Request had insufficient authentication scopes." with reason ACCESS_TOKEN_SCOPE_INSUFFICIENT
 *   (https://github.com/googleapis/googleapis/blob/master/google/api/error_reason.proto); drive.file only opens
 *   the files the user opened or created with the app (https://developers.google.com/workspace/sheets/api/scopes),
 *   which Flow IA never does (no Picker, no created files), so here it opens nothing;
 * - the Google user must be allowed to edit the spreadsheet, else 403 PERMISSION_DENIED "The caller does not have
 *   permission" (https://cloud.google.com/apis/design/errors);
 * - the required valueInputOption, a known spreadsheet and sheet, and Google's error shape
 *   `{ error: { code, message, status } }`.
 * Knobs: `faults` (next responses: 429 with Retry-After, 5xx).
 */
export interface FakeSheetsOptions {
  /** Who issued the access tokens: the fake Google (its live grants, on its clock). */
  google: { tokenInfo(accessToken: string): { userId: string; scope: string } | undefined };
  /** spreadsheetId → sheet names and the Google users who may edit it. */
  spreadsheets?: Record<string, { sheets: string[]; editors: string[] }>;
}

export interface SheetsCell {
  value: string | number | boolean;
  /** USER_ENTERED strings starting with '=' become formulas, as in the real Sheets. */
  formula: boolean;
}

export interface FakeSheetsState {
  spreadsheets: Map<string, Map<string, Array<SheetsCell[] | undefined>>>;
  editors: Map<string, Set<string>>;
  faults: Fault[];
  requests: Array<{ method: string; path: string; query: Record<string, string>; body: unknown }>;
}

const googleError = (code: number, status: string, message: string, details?: unknown[]): FakeReply => ({
  status: code,
  body: { error: { code, message, status, ...(details ? { details } : {}) } },
});

const SCOPE = 'https://www.googleapis.com/auth/';
const WRITE_SCOPES = [`${SCOPE}spreadsheets`, `${SCOPE}drive`];
const READ_SCOPES = [...WRITE_SCOPES, `${SCOPE}spreadsheets.readonly`, `${SCOPE}drive.readonly`];

export async function startFakeSheets(options: FakeSheetsOptions) {
  const entries = Object.entries(options.spreadsheets ?? {});
  const state: FakeSheetsState = {
    spreadsheets: new Map(entries.map(([id, book]) => [id, new Map(book.sheets.map((s) => [s, []]))])),
    editors: new Map(entries.map(([id, book]) => [id, new Set(book.editors)])),
    faults: [],
    requests: [],
  };
  const server = await startJsonServer((request) => handle(state, options.google, request));
  return { ...server, state };
}

function handle(
  state: FakeSheetsState,
  google: FakeSheetsOptions['google'],
  request: FakeRequest,
): FakeReply {
  state.requests.push({
    method: request.method,
    path: request.path,
    query: Object.fromEntries(request.query),
    body: request.body,
  });
  const match = request.path.match(/^\/v4\/spreadsheets\/([^/]+)\/values\/([^/]+?)(:append|:clear)?$/);
  if (!match) return googleError(404, 'NOT_FOUND', `Method not found: ${request.method} ${request.path}`);
  const token = bearer(request.headers);
  if (!token) {
    if (request.query.has('key'))
      return googleError(
        401,
        'UNAUTHENTICATED',
        'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal.',
      );
    return googleError(401, 'UNAUTHENTICATED', 'Request is missing required authentication credential.');
  }
  const grant = google.tokenInfo(token);
  if (!grant)
    return googleError(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
  const scopes = grant.scope.split(' ');
  const allowed = request.method === 'GET' ? READ_SCOPES : WRITE_SCOPES;
  if (!scopes.some((scope) => allowed.includes(scope)))
    return googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
        domain: 'googleapis.com',
        metadata: { service: 'sheets.googleapis.com' },
      },
    ]);
  const fault = state.faults.shift();
  if (fault)
    return {
      ...googleError(
        fault.status,
        fault.status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE',
        fault.status === 429
          ? "Quota exceeded for quota metric 'Write requests'."
          : 'The service is currently unavailable.',
      ),
      ...(fault.retryAfterSeconds !== undefined
        ? { headers: { 'retry-after': String(fault.retryAfterSeconds) } }
        : {}),
    };

  const [, , rawRange = '', suffix] = match;
  const append = suffix === ':append';
  const spreadsheetId = decodeURIComponent(match[1] ?? '');
  const spreadsheet = state.spreadsheets.get(spreadsheetId);
  if (!spreadsheet) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
  if (!state.editors.get(spreadsheetId)?.has(grant.userId))
    return googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
  const range = parseRange(decodeURIComponent(rawRange));
  const sheet = range && spreadsheet.get(range.sheet);
  if (!range || !sheet)
    return googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${decodeURIComponent(rawRange)}`);

  if (suffix === ':clear') {
    // values.clear: POST …/values/{range}:clear with an empty body; only the values go, the row stays in place
    // (so the A1 ranges of the rows below do not move), and the answer is { spreadsheetId, clearedRange }
    // (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/clear).
    if (request.method !== 'POST')
      return googleError(404, 'NOT_FOUND', `Method not found: ${request.method} ${request.path}`);
    if (range.row) sheet[range.row - 1] = undefined;
    else sheet.length = 0;
    return { status: 200, body: { spreadsheetId, clearedRange: decodeURIComponent(rawRange) } };
  }
  if (request.method === 'GET' && !suffix) {
    const rows = range.row ? [sheet[range.row - 1]] : sheet;
    return {
      status: 200,
      body: {
        range: `'${range.sheet}'!A${range.row ?? 1}`,
        majorDimension: 'ROWS',
        values: rows.filter((row) => row !== undefined).map((row) => row.map((cell) => cell.value)),
      },
    };
  }
  const isAppend = request.method === 'POST' && append;
  const isUpdate = request.method === 'PUT' && !suffix;
  if (!isAppend && !isUpdate)
    return googleError(404, 'NOT_FOUND', `Method not found: ${request.method} ${request.path}`);
  const inputOption = request.query.get('valueInputOption');
  if (!inputOption)
    return googleError(400, 'INVALID_ARGUMENT', "'valueInputOption' is required but not specified");
  if (inputOption !== 'RAW' && inputOption !== 'USER_ENTERED')
    return googleError(400, 'INVALID_ARGUMENT', `Invalid value at 'value_input_option' (${inputOption})`);
  if (invalidJson(request.body))
    return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
  const values = (request.body as { values?: unknown })?.values;
  if (!Array.isArray(values) || !values.every((row) => Array.isArray(row)))
    return googleError(400, 'INVALID_ARGUMENT', "Invalid value at 'data.values'");
  const rows = (values as unknown[][]).map((row) =>
    row.map((value) => {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw new Error('Invalid value at data.values: expected a string, number or boolean');
      return {
        value,
        formula: inputOption === 'USER_ENTERED' && typeof value === 'string' && value.startsWith('='),
      };
    }),
  );
  const first = isAppend ? sheet.length + 1 : (range.row ?? 1);
  rows.forEach((row, i) => {
    sheet[first - 1 + i] = row;
  });
  const width = Math.max(...rows.map((r) => r.length));
  const updatedRange = `${range.sheet}!A${first}:${column(width)}${first + rows.length - 1}`;
  const updates = {
    spreadsheetId,
    updatedRange,
    updatedRows: rows.length,
    updatedColumns: width,
    updatedCells: rows.reduce((sum, r) => sum + r.length, 0),
  };
  return {
    status: 200,
    body: isAppend
      ? { spreadsheetId, tableRange: `${range.sheet}!A1:${column(width)}${first - 1}`, updates }
      : updates,
  };
}

/** 'Sheet name'!A5:O5, Sheet!A1, Sheet → sheet and (first) row. */
function parseRange(range: string): { sheet: string; row: number | undefined } | undefined {
  const match = range.match(/^(?:'((?:[^']|'')+)'|([^!]+))(?:!([A-Z]+)(\d+)?(?::([A-Z]+)(\d+)?)?)?$/);
  if (!match) return undefined;
  const sheet = match[1] !== undefined ? match[1].replaceAll("''", "'") : (match[2] ?? '');
  return { sheet, row: match[4] ? Number(match[4]) : undefined };
}

function column(n: number): string {
  let name = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
  return name;
}

export type FakeSheets = Awaited<ReturnType<typeof startFakeSheets>>;
