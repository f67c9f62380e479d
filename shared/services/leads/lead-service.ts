import { csvRecord, UTF8_BOM } from '../../domain/leads/csv';
import type { Lead } from '../../domain/leads/lead';
import {
  LEAD_FIELD_ORDER,
  LEAD_FIELD_TITLES,
  leadExportRow,
  leadRowCells,
} from '../../domain/leads/lead-fields';
import { NotFoundError } from '../../errors';
import type { AiEngine, ConversationTurn } from '../ai/ports';
import type { Interaction, LeadChanges, LeadListFilter, LeadStore } from './ports';

/** How many interactions GET /leads/{id} shows (the newest ones): a conversation, not an archive. */
export const HISTORY_LIMIT = 100;
/** Rows grouped per write: fewer, larger chunks on the wire, still a small constant amount of memory. */
const CSV_ROWS_PER_CHUNK = 200;

/** Something that wants to hear when a lead changed in a way a CRM may care about (the CRM outbox). */
export interface LeadChangeListener {
  leadChanged(workspaceId: string, leadId: string): Promise<void>;
}

export class LeadService {
  constructor(
    private readonly store: LeadStore,
    private readonly ai: () => AiEngine,
    private readonly onChange: LeadChangeListener,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(workspaceId: string, filter: LeadListFilter, limit: number, cursor?: string) {
    return this.store.list(workspaceId, filter, limit, cursor);
  }

  /** The lead, its conversation (oldest first, newest last) and a summary of it by the AI engine. */
  async getWithHistory(workspaceId: string, leadId: string) {
    const lead = await this.store.get(workspaceId, leadId);
    if (!lead) throw new NotFoundError('Lead not found.');
    const history = await this.store.history(workspaceId, leadId, HISTORY_LIMIT);
    const summary = await this.ai().summarizeConversation({ workspaceId, history: history.map(toTurn) });
    return { lead, history, summary: { text: summary.value, source: summary.source } };
  }

  async update(workspaceId: string, leadId: string, changes: LeadChanges): Promise<Lead> {
    const lead = await this.store.update(workspaceId, leadId, changes, this.now().toISOString());
    await this.onChange.leadChanged(workspaceId, leadId);
    return lead;
  }

  stats(workspaceId: string, from: string, to: string) {
    return this.store.stats(workspaceId, from, to);
  }

  /**
   * Writes the CSV export through `write`, which resolves when the consumer is ready for more (backpressure):
   * memory stays flat whatever the number of leads.
   */
  async exportCsv(
    workspaceId: string,
    filter: LeadListFilter,
    write: (chunk: string) => Promise<void>,
  ): Promise<number> {
    await write(UTF8_BOM + csvRecord(LEAD_FIELD_ORDER.map((field) => LEAD_FIELD_TITLES[field])));
    let rows = 0;
    let chunk: string[] = [];
    for await (const lead of this.store.iterate(workspaceId, filter)) {
      chunk.push(csvRecord(leadRowCells(leadExportRow(lead))));
      rows += 1;
      if (chunk.length === CSV_ROWS_PER_CHUNK) {
        await write(chunk.join(''));
        chunk = [];
      }
    }
    if (chunk.length > 0) await write(chunk.join(''));
    return rows;
  }
}

function toTurn(interaction: Interaction): ConversationTurn {
  return {
    from: interaction.direction === 'outbound' ? 'business' : 'lead',
    text: interaction.text,
    at: interaction.occurredAt,
  };
}
