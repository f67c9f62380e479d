import type { AuditActor } from '../../domain/audit/audit-entry';
import { csvRecord, UTF8_BOM } from '../../domain/leads/csv';
import { LEAD_FIELD_ORDER, LEAD_FIELD_TITLES, leadCsvRecord } from '../../domain/leads/lead-fields';
import type { AuditRecorder } from '../audit/audit-log';
import type { LeadListFilter, LeadStore } from './ports';

/** Rows grouped per write: fewer, larger chunks on the wire, still a small constant amount of memory. */
const CSV_ROWS_PER_CHUNK = 200;

/**
 * The dashboard's reads (list, stats, CSV export): the store alone, so their Lambdas bundle neither the AI
 * engine nor the CRM clients that LeadDetail and LeadEditor need.
 */
export class LeadQueries {
  constructor(
    private readonly store: LeadStore,
    private readonly audit?: AuditRecorder,
  ) {}

  list(workspaceId: string, filter: LeadListFilter, limit: number, cursor?: string) {
    return this.store.list(workspaceId, filter, limit, cursor);
  }

  stats(workspaceId: string, from: string, to: string) {
    return this.store.stats(workspaceId, from, to);
  }

  /**
   * Writes the CSV export through `write`, which resolves when the consumer is ready for more (backpressure):
   * memory stays flat whatever the number of leads.
   */
  /** Audited once the last row is out: an export that failed half-way exported less, and is not recorded. */
  async exportCsv(
    workspaceId: string,
    filter: LeadListFilter,
    write: (chunk: string) => Promise<void>,
    actor: AuditActor,
  ): Promise<number> {
    await write(UTF8_BOM + csvRecord(LEAD_FIELD_ORDER.map((field) => LEAD_FIELD_TITLES[field])));
    let rows = 0;
    let chunk = '';
    for await (const lead of this.store.iterate(workspaceId, filter)) {
      chunk += leadCsvRecord(lead);
      rows += 1;
      if (rows % CSV_ROWS_PER_CHUNK === 0) {
        await write(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await write(chunk);
    const filters = Object.entries(filter).filter(([, v]) => v !== undefined && typeof v !== 'object');
    await this.audit?.record(
      workspaceId,
      actor,
      'leads.exported',
      { type: 'leads', id: 'csv' },
      { rows, ...Object.fromEntries(filters.map(([k, v]) => [k, v as string | number])) },
    );
    return rows;
  }
}
