import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SheetsWriter } from '../../shared/adapters/sheets/sheets-writer';
import {
  LEAD_FIELD_ORDER,
  LEAD_FIELD_TITLES,
  type LeadExportRow,
} from '../../shared/domain/leads/lead-fields';
import { type FakeSheets, startFakeSheets } from '../fakes/google-sheets';

const row = (leadId: string): LeadExportRow => ({
  leadId,
  name: 'Léa Dubois',
  username: 'lea.d',
  platform: 'instagram',
  status: 'new',
  score: 40,
  phone: '',
  email: '',
  tags: [],
  notes: '',
  lastMessage: 'Prix ?',
  lastInteractionAt: '2026-11-25T10:00:00.000Z',
  createdAt: '2026-11-25T10:00:00.000Z',
  interactionCount: 1,
  prospectClass: '',
});

let sheets: FakeSheets;
beforeAll(async () => {
  sheets = await startFakeSheets({ spreadsheets: { book: ['Fresh', 'Mine'] } });
});
afterAll(() => sheets.stop());

const writerFor = (sheetName: string) =>
  new SheetsWriter({
    rootUrl: sheets.url,
    timeoutMs: 5000,
    accessToken: 'ya29.fake-access-token',
    spreadsheetId: 'book',
    sheetName,
  });
const valuesOf = (sheet: string) =>
  (sheets.state.spreadsheets.get('book')?.get(sheet) ?? []).map((r) => r?.map((cell) => cell.value));

describe('Class: SheetsWriter (against the fake Sheets API)', () => {
  it('titles the columns of a fresh sheet once, then appends one row per lead', async () => {
    // Prepare
    const writer = writerFor('Fresh');

    // Act
    const first = await writer.upsert(row('lead-1'), undefined);
    const second = await writer.upsert(row('lead-2'), undefined);
    // A writer is built per sync: the next one does not read row 1 again.
    await writerFor('Fresh').upsert(row('lead-3'), undefined);

    // Assess
    const titles = LEAD_FIELD_ORDER.map((field) => LEAD_FIELD_TITLES[field]);
    expect(valuesOf('Fresh').map((r) => r?.at(-1))).toEqual(['Lead ID', 'lead-1', 'lead-2', 'lead-3']);
    const rowOneReads = sheets.state.requests.filter((r) => r.method === 'GET' && r.path.includes('Fresh'));
    expect(rowOneReads).toHaveLength(1);
    expect(valuesOf('Fresh')[0]).toEqual(titles);
    expect([first.externalId, second.externalId]).toEqual(['Fresh!A2:O2', 'Fresh!A3:O3']);
  });

  it('leaves a row 1 the user already filled as it is', async () => {
    // Prepare
    sheets.state.spreadsheets.get('book')!.set('Mine', [[{ value: 'My own title', formula: false }]]);

    // Act
    await writerFor('Mine').upsert(row('lead-3'), undefined);

    // Assess
    expect(valuesOf('Mine').map((r) => r?.[0])).toEqual(['My own title', 'Léa Dubois']);
  });
});
