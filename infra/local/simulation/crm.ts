import { notionProperties } from '../../../shared/adapters/notion/notion-writer';
import type { Lead } from '../../../shared/domain/leads/lead';
import { LEAD_FIELD_ORDER, LEAD_FIELD_TITLES, leadExportRow } from '../../../shared/domain/leads/lead-fields';
import { startFakeAirtable } from '../../../simulation/airtable';
import type { FakeGoogle } from '../../../simulation/google';
import { startFakeSheets } from '../../../simulation/google-sheets';
import { type NotionPropertyType, startFakeNotion } from '../../../simulation/notion';
import { DEMO_YOUTUBE } from './collected';
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
 * Demo CRM targets seeded in the simulated Sheets, Notion and Airtable, with what PUT /integrations needs (listed
 * in the README). Sheets has no credential to paste: it connects through the simulated Google's OAuth consent,
 * which agrees as the demo Google user, the spreadsheet's editor. The Notion and Airtable keys only open local
 * fakes, yet like any credential they are kept out of the banner and the console's JSON.
 */
export const DEMO_CRM = {
  sheets: { spreadsheetId: 'demo_spreadsheet_0001', sheetName: 'Leads', googleUser: DEMO_YOUTUBE.userId },
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

/**
 * Each CRM is real as soon as its API URL is set (credentials are per workspace, given to PUT /integrations).
 * The fake Sheets API accepts only the tokens the simulated Google issued (`google`, absent when Google is real):
 * with real Google keys, real tokens only open the real Sheets API, so Sheets is real too.
 */
export async function startSimulatedCrms(run: Run, google: FakeGoogle | undefined): Promise<SimulatedCrms> {
  const sheets = await run({
    provider: 'Google Sheets',
    realWhen: google ? ['SHEETS_API_URL'] : ['SHEETS_API_URL', 'GOOGLE_CLIENT_ID'],
    whenAbsent: { mode: 'real', detail: 'default API URL; Google OAuth per workspace' },
    async start({ setEnv }) {
      if (!google) throw new Error('the simulated Sheets API needs the simulated Google');
      const fake = await startFakeSheets({
        google,
        spreadsheets: {
          [DEMO_CRM.sheets.spreadsheetId]: {
            sheets: [DEMO_CRM.sheets.sheetName],
            editors: [DEMO_CRM.sheets.googleUser],
          },
        },
      });
      setEnv('SHEETS_API_URL', fake.url);
      return {
        running: fake,
        detail: `fake Sheets API at ${fake.url}, demo spreadsheet ${DEMO_CRM.sheets.spreadsheetId}; connect through the simulated Google consent (GET /integrations/sheets/auth-url)`,
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
