import type Airtable from 'airtable';
import { type LeadExportRow, LEAD_FIELD_TITLES as T } from '../../domain/leads/lead-fields';
import { type CrmRecordWriter, CrmRequestError } from '../../services/crm/ports';

export interface AirtableWriterOptions {
  endpointUrl: string;
  timeoutMs: number;
  apiKey: string;
  baseId: string;
  tableName: string;
  /** Airtable refuses every request for 30 s after a 429 and sends no Retry-After: wait this long. */
  rateLimitWaitMs: number;
}

/** Field names from LEAD_FIELD_TITLES; Tags is a multiple-select (typecast creates missing options). */
export function airtableFields(row: LeadExportRow): Record<string, string | number | string[] | null> {
  return {
    [T.name]: row.name || row.username || row.leadId,
    [T.username]: row.username,
    [T.platform]: row.platform,
    [T.status]: row.status,
    [T.score]: row.score,
    [T.phone]: row.phone || null,
    [T.email]: row.email || null,
    [T.tags]: row.tags,
    [T.notes]: row.notes,
    [T.lastMessage]: row.lastMessage,
    [T.lastInteractionAt]: row.lastInteractionAt,
    [T.createdAt]: row.createdAt,
    [T.interactionCount]: row.interactionCount,
    [T.prospectClass]: row.prospectClass || null,
    [T.leadId]: row.leadId,
  };
}

/** One record per lead; the record id is the external id and later syncs update that record. */
export class AirtableWriter implements CrmRecordWriter {
  private readonly table: Airtable.Table<Airtable.FieldSet>;

  /**
   * Loads the airtable SDK (a file of its own beside the bundle: infra/cdk/bundling.ts LAZY_PACKAGES) and builds
   * the writer.
   */
  static async open(options: AirtableWriterOptions): Promise<AirtableWriter> {
    const { default: sdk } = await import('airtable');
    return new AirtableWriter(options, sdk);
  }

  constructor(
    private readonly options: AirtableWriterOptions,
    AirtableClient: typeof Airtable,
  ) {
    const client = new AirtableClient({
      apiKey: options.apiKey,
      endpointUrl: options.endpointUrl.replace(/\/$/, ''),
      requestTimeout: options.timeoutMs,
      // The client's own 429 backoff starts at 5 s with jitter and never ends; the sync service decides instead.
      noRetryIfRateLimited: true,
    });
    this.table = client.base(options.baseId).table(options.tableName);
  }

  async upsert(row: LeadExportRow, externalId: string | undefined): Promise<{ externalId: string }> {
    const fields = airtableFields(row) as Airtable.FieldSet;
    try {
      if (externalId) {
        const [record] = await this.table.update([{ id: externalId, fields }], { typecast: true });
        return { externalId: record?.id ?? externalId };
      }
      const [record] = await this.table.create([{ fields }], { typecast: true });
      if (!record) throw new CrmRequestError('airtable', 'The create answer has no record.', 200, false);
      return { externalId: record.id };
    } catch (error) {
      throw this.toCrmError(error);
    }
  }

  /** Deletes the record (DELETE /v0/{base}/{table}/{id}); a record already deleted (404) is erased. */
  async erase(externalId: string): Promise<'erased' | 'not_found'> {
    try {
      await this.table.destroy(externalId);
      return 'erased';
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return 'erased';
      throw this.toCrmError(error);
    }
  }

  private toCrmError(error: unknown): CrmRequestError {
    if (error instanceof CrmRequestError) return error;
    const {
      statusCode,
      message,
      error: type,
    } = error as { statusCode?: number; message?: string; error?: string };
    const status = typeof statusCode === 'number' ? statusCode : undefined;
    return new CrmRequestError(
      'airtable',
      `${type ?? 'ERROR'}: ${message ?? 'request failed'}`,
      status,
      status === undefined || status === 429 || status >= 500,
      status === 429 ? this.options.rateLimitWaitMs : undefined,
    );
  }
}
