import type { Client } from '@notionhq/client';
import { type LeadExportRow, LEAD_FIELD_TITLES as T } from '../../domain/leads/lead-fields';
import { type CrmRecordWriter, CrmRequestError } from '../../services/crm/ports';
import { retryAfterMs } from '../http/retry-after';

/** Pinned: with 2022-06-28 a page's parent is `{ database_id }` (2025-09-03 moved to data sources). */
export const NOTION_VERSION = '2022-06-28';

export interface NotionWriterOptions {
  baseUrl: string;
  timeoutMs: number;
  token: string;
  databaseId: string;
}

/** Notion's request limits: rich text content ≤ 2000 characters, arrays ≤ 100, select names without commas. */
const text = (value: string) =>
  value ? [{ type: 'text' as const, text: { content: value.slice(0, 2000) } }] : [];
const option = (value: string) => ({ name: value.replaceAll(',', ' ').slice(0, 100) });

/**
 * The database the user connects must have these properties (names from LEAD_FIELD_TITLES): Name (title),
 * Username, Notes, Last message, Lead ID (rich text), Platform, Status, Prospect class (select), Score,
 * Interactions (number), Phone (phone number), Email (email), Tags (multi-select), Last interaction, Created (date).
 */
export function notionProperties(row: LeadExportRow) {
  return {
    [T.name]: { title: text(row.name || row.username || row.leadId) },
    [T.username]: { rich_text: text(row.username) },
    [T.platform]: { select: option(row.platform) },
    [T.status]: { select: option(row.status) },
    [T.score]: { number: row.score },
    [T.phone]: { phone_number: row.phone ? row.phone.slice(0, 200) : null },
    [T.email]: { email: row.email ? row.email.slice(0, 200) : null },
    [T.tags]: { multi_select: row.tags.slice(0, 100).map(option) },
    [T.notes]: { rich_text: text(row.notes) },
    [T.lastMessage]: { rich_text: text(row.lastMessage) },
    [T.lastInteractionAt]: { date: { start: row.lastInteractionAt } },
    [T.createdAt]: { date: { start: row.createdAt } },
    [T.interactionCount]: { number: row.interactionCount },
    [T.prospectClass]: { select: row.prospectClass ? option(row.prospectClass) : null },
    [T.leadId]: { rich_text: text(row.leadId) },
  };
}

/** @notionhq/client, which the bundles load on first use (infra/cdk/bundling.ts LAZY_PACKAGES). */
type NotionSdk = typeof import('@notionhq/client');

/** One page per lead in a database; the page id is the external id, and later syncs update that page. */
export class NotionWriter implements CrmRecordWriter {
  private readonly client: Client;

  /** Loads the SDK (a file of its own beside the bundle) and builds the writer. */
  static async open(options: NotionWriterOptions): Promise<NotionWriter> {
    return new NotionWriter(options, await import('@notionhq/client'));
  }

  constructor(
    private readonly options: NotionWriterOptions,
    private readonly sdk: NotionSdk,
  ) {
    const { Client, LogLevel } = sdk;
    this.client = new Client({
      auth: options.token,
      baseUrl: options.baseUrl.replace(/\/$/, ''),
      notionVersion: NOTION_VERSION,
      timeoutMs: options.timeoutMs,
      // The sync service owns retries (Retry-After, budget, outbox); a second retry layer would multiply waits.
      retry: false,
      // Failures are classified and recorded on the lead by the sync service; the SDK's console warnings add nothing.
      logLevel: LogLevel.ERROR,
    });
  }

  async upsert(row: LeadExportRow, externalId: string | undefined): Promise<{ externalId: string }> {
    const properties = notionProperties(row) as Parameters<Client['pages']['create']>[0]['properties'];
    try {
      if (externalId) {
        const page = await this.client.pages.update({ page_id: externalId, properties });
        return { externalId: page.id };
      }
      const page = await this.client.pages.create({
        parent: { database_id: this.options.databaseId },
        properties,
      } as Parameters<Client['pages']['create']>[0]);
      return { externalId: page.id };
    } catch (error) {
      throw toCrmError(error, this.sdk);
    }
  }

  /** Notion's API cannot delete a page: it moves it to the trash (`in_trash`); a page already gone is erased. */
  async erase(externalId: string): Promise<'erased' | 'not_found'> {
    try {
      await this.client.pages.update({ page_id: externalId, in_trash: true });
      return 'erased';
    } catch (error) {
      if (this.sdk.isHTTPResponseError(error) && error.status === 404) return 'erased';
      throw toCrmError(error, this.sdk);
    }
  }
}

function toCrmError(
  error: unknown,
  { isHTTPResponseError, RequestTimeoutError }: NotionSdk,
): CrmRequestError {
  if (isHTTPResponseError(error)) {
    const status = error.status;
    return new CrmRequestError(
      'notion',
      error.message,
      status,
      status === 409 || status === 429 || status >= 500,
      retryAfterMs(error.headers),
    );
  }
  if (error instanceof RequestTimeoutError)
    return new CrmRequestError('notion', error.message, undefined, true);
  return new CrmRequestError(
    'notion',
    error instanceof Error ? error.message : 'request failed',
    undefined,
    true,
  );
}
