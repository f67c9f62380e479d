import { notionProperties } from '../../../shared/adapters/notion/notion-writer';
import type { Lead } from '../../../shared/domain/leads/lead';
import { LEAD_FIELD_ORDER, LEAD_FIELD_TITLES, leadExportRow } from '../../../shared/domain/leads/lead-fields';
import { startFakeAirtable } from '../../../test/fakes/airtable';
import { startFakeSheets } from '../../../test/fakes/google-sheets';
import { type NotionPropertyType, startFakeNotion } from '../../../test/fakes/notion';
import type { ProviderSimulation } from './types';

/** Any lead: only the property types of its Notion page are read from it. */
const SAMPLE_LEAD = {
  id: 'sample',
  platform: 'instagram',
  status: 'new',
  score: 0,
  lastInteractionAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
} as Lead;

/**
 * Demo CRM targets seeded in the simulated Sheets, Notion and Airtable, with the credentials to give
 * POST /integrations (listed in the README). They only open local fakes, yet like any credential they are kept
 * out of the banner and the console's JSON.
 */
export const DEMO_CRM = {
  sheets: { accessToken: 'ya29.flowia-demo', spreadsheetId: 'demo_spreadsheet_0001', sheetName: 'Leads' },
  notion: { token: 'ntn_flowia_demo', databaseId: '0f0e0d0c-0b0a-4999-8888-777766665555' },
  airtable: { apiKey: 'patFLOWIA.demo', baseId: 'appFLOWIADEMO0001', tableName: 'Leads' },
};

/** The columns the CRM writers fill (one row / page / record per lead): the domain's titles, never a copy. */
const FIELDS = LEAD_FIELD_ORDER.map((field) => LEAD_FIELD_TITLES[field]);
/** The demo Notion database's schema: each property with the type the Notion writer sends for it. */
const NOTION_SCHEMA: Record<string, NotionPropertyType> = Object.fromEntries(
  Object.entries(notionProperties(leadExportRow(SAMPLE_LEAD))).map(([name, value]) => [
    name,
    Object.keys(value)[0] as NotionPropertyType,
  ]),
);

export interface SimulatedCrms {
  sheets?: Awaited<ReturnType<typeof startFakeSheets>>;
  notion?: Awaited<ReturnType<typeof startFakeNotion>>;
  airtable?: Awaited<ReturnType<typeof startFakeAirtable>>;
}

type Run = <T>(simulation: ProviderSimulation<T>) => Promise<T | undefined>;

/** Each CRM is real as soon as its API URL is set (credentials are per workspace, given to POST /integrations). */
export async function startSimulatedCrms(run: Run): Promise<SimulatedCrms> {
  const sheets = await run({
    provider: 'Google Sheets',
    realWhen: ['SHEETS_API_URL'],
    whenAbsent: { mode: 'real', detail: 'default API URL; credentials per workspace' },
    async start({ setEnv }) {
      const fake = await startFakeSheets({
        accessTokens: [DEMO_CRM.sheets.accessToken],
        spreadsheets: { [DEMO_CRM.sheets.spreadsheetId]: [DEMO_CRM.sheets.sheetName] },
      });
      setEnv('SHEETS_API_URL', fake.url);
      return {
        running: fake,
        detail: `fake Sheets API at ${fake.url}, demo spreadsheet ${DEMO_CRM.sheets.spreadsheetId}`,
        stop: fake.stop,
      };
    },
  });
  const notion = await run({
    provider: 'Notion',
    realWhen: ['NOTION_API_URL'],
    whenAbsent: { mode: 'real', detail: 'default API URL; credentials per workspace' },
    async start({ setEnv }) {
      const fake = await startFakeNotion({
        tokens: [DEMO_CRM.notion.token],
        databases: { [DEMO_CRM.notion.databaseId]: { ...NOTION_SCHEMA } },
      });
      setEnv('NOTION_API_URL', fake.url);
      return {
        running: fake,
        detail: `fake Notion API at ${fake.url}, demo database ${DEMO_CRM.notion.databaseId}`,
        stop: fake.stop,
      };
    },
  });
  const airtable = await run({
    provider: 'Airtable',
    realWhen: ['AIRTABLE_API_URL'],
    whenAbsent: { mode: 'real', detail: 'default API URL; credentials per workspace' },
    async start({ setEnv }) {
      const fake = await startFakeAirtable({
        tokens: [DEMO_CRM.airtable.apiKey],
        bases: { [DEMO_CRM.airtable.baseId]: { [DEMO_CRM.airtable.tableName]: FIELDS } },
      });
      setEnv('AIRTABLE_API_URL', fake.url);
      return {
        running: fake,
        detail: `fake Airtable API at ${fake.url}, demo base ${DEMO_CRM.airtable.baseId}`,
        stop: fake.stop,
      };
    },
  });
  return { sheets, notion, airtable };
}
