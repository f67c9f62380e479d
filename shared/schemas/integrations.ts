import { LEAD_STATUSES } from '../domain/leads/lead';
import { ValidationError } from '../errors';
import { CRM_NAMES, type CrmCredentials, type CrmName, type CrmTarget } from '../services/crm/ports';
import { zodDetails } from './validation';
import * as z from './zod';

export const crmParams = z.object({ crm: z.enum(CRM_NAMES) });

const secret = z.string().check(z.trim(), z.minLength(8), z.maxLength(4096));
const statuses = z.array(z.enum(LEAD_STATUSES)).check(
  z.minLength(1),
  z.refine((list) => new Set(list).size === list.length, 'must not repeat a status'),
);

const SHEETS_OAUTH =
  'Google Sheets connects with Google OAuth (GET /integrations/sheets/auth-url), not a pasted access token: Google’s access tokens expire within the hour';

/**
 * PUT /integrations/{crm}: what to connect, where to write, when to sync. Credentials may be omitted to keep the
 * stored ones; Sheets takes none (its Google grant comes from the OAuth callback).
 */
export const putIntegrationBody = z.object({
  credentials: z.optional(
    z.strictObject({
      accessToken: z
        .optional(z.never({ error: SHEETS_OAUTH }))
        .check(z.describe('Not accepted: see GET /integrations/sheets/auth-url')),
      apiKey: z.optional(secret),
      token: z.optional(secret),
    }),
  ),
  target: z.strictObject({
    spreadsheetId: z.optional(z.string()),
    sheetName: z.optional(z.string()),
    databaseId: z.optional(z.string()),
    baseId: z.optional(z.string()),
    tableName: z.optional(z.string()),
  }),
  autoSync: z._default(z.boolean(), true),
  statuses: z._default(statuses, [...LEAD_STATUSES]),
});
export type PutIntegrationBody = z.output<typeof putIntegrationBody>;

const targets = {
  sheets: z.object({
    spreadsheetId: z.string().check(z.regex(/^[A-Za-z0-9_-]{10,200}$/, 'must be a spreadsheet id')),
    sheetName: z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), 'Leads'),
  }),
  notion: z.object({
    databaseId: z
      .string()
      .check(
        z.regex(
          /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
          'must be a Notion database id',
        ),
      ),
  }),
  airtable: z.object({
    baseId: z.string().check(z.regex(/^app[A-Za-z0-9]{14}$/, 'must be an Airtable base id (app…)')),
    tableName: z.string().check(z.trim(), z.minLength(1), z.maxLength(255)),
  }),
};

const credentials = {
  notion: z.object({ token: secret }),
  airtable: z.object({ apiKey: secret }),
};

function parsePart(schema: z.core.$ZodType, value: unknown, path: string): Record<string, unknown> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data as Record<string, unknown>;
  const details = zodDetails(result.error).map((d) => ({ ...d, path: d.path ? `${path}.${d.path}` : path }));
  throw new ValidationError(`Invalid ${path}.`, details);
}

/** The body checked against the chosen CRM: which target ids and which credential it needs. */
export function parseIntegrationInput(crm: CrmName, body: PutIntegrationBody) {
  const target = { crm, ...parsePart(targets[crm], body.target, 'target') } as CrmTarget;
  if (crm === 'sheets' && body.credentials)
    throw new ValidationError('Invalid credentials.', [{ path: 'credentials', message: SHEETS_OAUTH }]);
  const creds =
    body.credentials && crm !== 'sheets'
      ? ({ crm, ...parsePart(credentials[crm], body.credentials, 'credentials') } as CrmCredentials)
      : undefined;
  return { target, credentials: creds, autoSync: body.autoSync, statuses: body.statuses };
}

export const integrationView = z.object({
  crm: z.enum(CRM_NAMES),
  target: z.record(z.string(), z.string()),
  autoSync: z.boolean(),
  statuses: z.array(z.enum(LEAD_STATUSES)),
  credentialsSet: z.boolean(),
  status: z
    .enum(['active', 'needs_reconnect'])
    .check(
      z.describe('needs_reconnect: the CRM refused the stored grant (Google invalid_grant); connect again'),
    ),
  lastError: z.nullable(z.string()),
  fields: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const integrationList = z.object({ items: z.array(integrationView), nextCursor: z.null() });
