import type { sheets_v4 } from 'googleapis/build/src/apis/sheets';
import {
  LEAD_FIELD_ORDER,
  LEAD_FIELD_TITLES,
  type LeadExportRow,
  leadRowCells,
} from '../../domain/leads/lead-fields';
import { type CrmRecordWriter, CrmRequestError } from '../../services/crm/ports';
import { retryAfterMs } from '../http/retry-after';

export interface SheetsWriterOptions {
  rootUrl: string;
  timeoutMs: number;
  /** An OAuth2 access token with the spreadsheets scope (Google refuses API keys for writes). */
  accessToken: string;
  spreadsheetId: string;
  sheetName: string;
}

/**
 * One spreadsheet row per lead (columns in LEAD_FIELD_ORDER, the lead id last). Values are sent RAW, so a lead
 * typing "=IMPORTXML(...)" stays text. The record's external id is the row's A1 range from values.append; an
 * update first checks the row still holds this lead (someone may have sorted the sheet) and appends otherwise.
 * Before the first append to a sheet (once per container), row 1 gets the column titles when it is empty (a
 * fresh sheet); a row 1 the user already filled is left alone.
 */
export class SheetsWriter implements CrmRecordWriter {
  private readonly api: sheets_v4.Sheets;
  /** Sheets whose row 1 this container already checked: a writer is built per sync, the check runs once. */
  private static readonly titledSheets = new Set<string>();

  /**
   * Loads googleapis' Sheets API (with google-auth-library: a file of its own beside the bundle, infra/cdk/bundling.ts
   * LAZY_PACKAGES) and builds the writer.
   */
  static async open(options: SheetsWriterOptions): Promise<SheetsWriter> {
    return new SheetsWriter(options, await import('googleapis/build/src/apis/sheets'));
  }

  constructor(
    private readonly options: SheetsWriterOptions,
    { auth, sheets }: typeof import('googleapis/build/src/apis/sheets'),
  ) {
    const client = new auth.OAuth2();
    client.setCredentials({ access_token: options.accessToken });
    this.api = sheets({
      version: 'v4',
      rootUrl: `${options.rootUrl.replace(/\/$/, '')}/`,
      auth: client,
      retry: false,
      timeout: options.timeoutMs,
    });
  }

  async upsert(row: LeadExportRow, externalId: string | undefined): Promise<{ externalId: string }> {
    const cells = leadRowCells(row);
    try {
      if (externalId && (await this.rowHoldsLead(externalId, row.leadId))) {
        await this.api.spreadsheets.values.update({
          spreadsheetId: this.options.spreadsheetId,
          range: externalId,
          valueInputOption: 'RAW',
          requestBody: { majorDimension: 'ROWS', values: [cells] },
        });
        return { externalId };
      }
      await this.ensureHeaderRow();
      const response = await this.api.spreadsheets.values.append({
        spreadsheetId: this.options.spreadsheetId,
        range: `${quoteSheet(this.options.sheetName)}!A1`,
        valueInputOption: 'RAW',
        insertDataOption: 'INSERT_ROWS',
        includeValuesInResponse: false,
        requestBody: { majorDimension: 'ROWS', values: [cells] },
      });
      const range = response.data.updates?.updatedRange;
      if (!range) throw new CrmRequestError('sheets', 'The append answer has no updated range.', 200, false);
      return { externalId: range };
    } catch (error) {
      throw toCrmError(error);
    }
  }

  /**
   * Clears the row's values (values.clear) rather than deleting the row: deleting would shift every row below and
   * break the A1 ranges the other leads are stored under. Only a row that still holds this lead is cleared.
   */
  async erase(externalId: string, leadId: string): Promise<'erased' | 'not_found'> {
    try {
      if (!(await this.rowHoldsLead(externalId, leadId))) return 'not_found';
      await this.api.spreadsheets.values.clear({
        spreadsheetId: this.options.spreadsheetId,
        range: externalId,
        requestBody: {},
      });
      return 'erased';
    } catch (error) {
      throw toCrmError(error);
    }
  }

  private async ensureHeaderRow(): Promise<void> {
    const sheet = `${this.options.spreadsheetId}|${this.options.sheetName}`;
    if (SheetsWriter.titledSheets.has(sheet)) return;
    const range = `${quoteSheet(this.options.sheetName)}!A1:${columnName(LEAD_FIELD_ORDER.length)}1`;
    const current = await this.api.spreadsheets.values.get({
      spreadsheetId: this.options.spreadsheetId,
      range,
    });
    if ((current.data.values?.[0] ?? []).length === 0)
      await this.api.spreadsheets.values.update({
        spreadsheetId: this.options.spreadsheetId,
        range,
        valueInputOption: 'RAW',
        requestBody: { majorDimension: 'ROWS', values: [LEAD_FIELD_ORDER.map((f) => LEAD_FIELD_TITLES[f])] },
      });
    SheetsWriter.titledSheets.add(sheet);
  }

  private async rowHoldsLead(range: string, leadId: string): Promise<boolean> {
    const response = await this.api.spreadsheets.values.get({
      spreadsheetId: this.options.spreadsheetId,
      range,
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    const values = response.data.values?.[0] ?? [];
    return values.at(-1) === leadId;
  }
}

const quoteSheet = (name: string) => `'${name.replaceAll("'", "''")}'`;

/** 1 → A, 15 → O, 27 → AA. */
function columnName(n: number): string {
  let name = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
  return name;
}

function toCrmError(error: unknown): CrmRequestError {
  if (error instanceof CrmRequestError) return error;
  const response = (error as { response?: { status?: number; headers?: unknown; data?: unknown } }).response;
  const status = response?.status ?? (error as { status?: number }).status;
  const data = response?.data as { error?: { message?: string; status?: string } } | undefined;
  const message = data?.error?.message ?? (error instanceof Error ? error.message : 'request failed');
  return new CrmRequestError(
    'sheets',
    message,
    status,
    status === undefined || status === 429 || status >= 500,
    retryAfterMs(response?.headers),
  );
}
