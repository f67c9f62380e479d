import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SheetsWriter } from '../../shared/adapters/sheets/sheets-writer';
import {
  LEAD_FIELD_ORDER,
  LEAD_FIELD_TITLES,
  type LeadExportRow,
} from '../../shared/domain/leads/lead-fields';
import { type FakeGoogle, startFakeGoogle } from '../../simulation/google';
import { type FakeSheets, startFakeSheets } from '../../simulation/google-sheets';

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

let google: FakeGoogle;
let sheets: FakeSheets;
let accessToken: string;
beforeAll(async () => {
  google = await startFakeGoogle();
  sheets = await startFakeSheets({
    google,
    spreadsheets: { book: { sheets: ['Fresh', 'Mine'], editors: ['google-user-1'] } },
  });
  accessToken = await googleAccessToken(google, 'https://www.googleapis.com/auth/spreadsheets');
});
afterAll(async () => {
  await sheets.stop();
  await google.stop();
});

/** An access token the fake Google issues to its consent user for `scope` (the code flow, over HTTP). */
async function googleAccessToken(fake: FakeGoogle, scope: string): Promise<string> {
  const consent = new URL('/o/oauth2/v2/auth', fake.url);
  for (const [key, value] of Object.entries({
    client_id: fake.clientId,
    redirect_uri: 'http://app.test/cb',
    response_type: 'code',
    scope,
  }))
    consent.searchParams.set(key, value);
  const code = new URL(
    (await fetch(consent, { redirect: 'manual' })).headers.get('location')!,
  ).searchParams.get('code')!;
  const response = await fetch(`${fake.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://app.test/cb',
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** googleapis' Sheets API, which SheetsWriter.open loads on first use. */
const sheetsApi = await import('googleapis/build/src/apis/sheets');

const writerFor = (sheetName: string, token = accessToken) =>
  new SheetsWriter(
    {
      rootUrl: sheets.url,
      timeoutMs: 5000,
      accessToken: token,
      spreadsheetId: 'book',
      sheetName,
    },
    sheetsApi,
  );
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

  it('is refused as Google refuses: a token without a Sheets scope (403), an unknown one (401)', async () => {
    // Prepare
    const youtubeOnly = await googleAccessToken(google, 'https://www.googleapis.com/auth/youtube.force-ssl');

    // Act
    const noScope = writerFor('Mine', youtubeOnly).upsert(row('lead-9'), undefined);
    const unknown = writerFor('Mine', 'ya29.pasted-long-ago').upsert(row('lead-9'), undefined);

    // Assess
    await expect(noScope).rejects.toMatchObject({
      status: 403,
      message: 'Request had insufficient authentication scopes.',
    });
    await expect(unknown).rejects.toMatchObject({ status: 401, retryable: false });
  });
});
