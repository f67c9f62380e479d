import { startFakeAirtable } from '../../../test/fakes/airtable';
import { startFakeSheets } from '../../../test/fakes/google-sheets';
import { startFakeNotion } from '../../../test/fakes/notion';
import type { ProviderSimulation } from './types';

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

/** The columns the CRM writers fill (one row / page / record per lead). */
const FIELDS = [
  'Name',
  'Username',
  'Platform',
  'Status',
  'Score',
  'Phone',
  'Email',
  'Tags',
  'Notes',
  'Last message',
  'Last interaction',
  'Created',
  'Interactions',
  'Prospect class',
  'Lead ID',
];
const NOTION_SCHEMA = {
  Name: 'title',
  Username: 'rich_text',
  Platform: 'select',
  Status: 'select',
  Score: 'number',
  Phone: 'phone_number',
  Email: 'email',
  Tags: 'multi_select',
  Notes: 'rich_text',
  'Last message': 'rich_text',
  'Last interaction': 'date',
  Created: 'date',
  Interactions: 'number',
  'Prospect class': 'select',
  'Lead ID': 'rich_text',
} as const;

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
