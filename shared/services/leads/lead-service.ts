import type { Lead } from '../../domain/leads/lead';
import { webhookLead } from '../../domain/webhooks/payloads';
import { NotFoundError } from '../../errors';
import type { ConversationSummarizer, ConversationTurn } from '../ai/ports';
import type { WebhookEvents } from '../webhooks/webhook-emitter';
import type { Interaction, LeadChanges, LeadStore } from './ports';

/** How many interactions GET /leads/{id} shows (the newest ones): a conversation, not an archive. */
export const HISTORY_LIMIT = 100;

/** Something that wants to hear when a lead changed in a way a CRM may care about (the CRM outbox). */
export interface LeadChangeListener {
  leadChanged(workspaceId: string, leadId: string): Promise<void>;
}

/** A lead's detail: the lead and its conversation (GET /leads/{id}); its summary is LeadSummarizer's. */
export class LeadDetail {
  constructor(
    private readonly store: Pick<LeadStore, 'get' | 'history'>,
    /** The workspace's retention: the history shows nothing older than its cutoff. */
    private readonly retention: { cutoff(workspaceId: string): Promise<string> },
  ) {}

  /** The lead and its conversation (oldest first, newest last). */
  async getWithHistory(workspaceId: string, leadId: string) {
    const lead = await this.store.get(workspaceId, leadId);
    if (!lead) throw new NotFoundError('Lead not found.');
    const since = await this.retention.cutoff(workspaceId);
    const history = await this.store.history(workspaceId, leadId, HISTORY_LIMIT, since);
    return { lead, history };
  }
}

/**
 * A lead's conversation summarised by the AI engine the plan pays for (GET /leads/{id}/summary). Its own route, so
 * opening a lead never waits on the model and GET /leads/{id} ships without the OpenAI client.
 */
export class LeadSummarizer {
  constructor(
    private readonly detail: Pick<LeadDetail, 'getWithHistory'>,
    /** The summarizer the workspace's plan pays for (the rules without AI-written replies). */
    private readonly ai: (workspaceId: string) => Promise<ConversationSummarizer>,
  ) {}

  async summarize(workspaceId: string, leadId: string): Promise<{ text: string; source: 'ai' | 'rules' }> {
    const { lead, history } = await this.detail.getWithHistory(workspaceId, leadId);
    const ai = await this.ai(workspaceId);
    // The phone the pipeline stored (detected and normalised with libphonenumber `max`), not one detected again
    // in the messages: the rule summary states it (RuleBasedSummarizer says what that changes).
    const summary = await ai.summarizeConversation({
      workspaceId,
      history: history.map(toTurn),
      knownPhone: lead.phone,
    });
    return { text: summary.value, source: summary.source };
  }
}

/** A lead's edits (PATCH /leads/{id}): the CRM outbox hears of them, and the outbound webhooks. */
export class LeadEditor {
  constructor(
    private readonly store: Pick<LeadStore, 'get' | 'update'>,
    private readonly onChange: LeadChangeListener,
    /** Outbound webhooks: lead.updated on every edit, lead.qualified when an edit qualifies the lead. */
    private readonly events: Pick<WebhookEvents, 'emit'> | undefined,
    private readonly now: () => Date = () => new Date(),
    /** The scenario analytics: a lead marked won credits the last scenario DM it got. */
    private readonly funnel?: { won(workspaceId: string, leadId: string): Promise<void> },
  ) {}

  async update(workspaceId: string, leadId: string, changes: LeadChanges): Promise<Lead> {
    const before =
      changes.status === 'qualified' || changes.status === 'won'
        ? await this.store.get(workspaceId, leadId)
        : undefined;
    const lead = await this.store.update(workspaceId, leadId, changes, this.now().toISOString());
    // Once per lead and DM, however often it is set again: the funnel marks the DM it credits.
    if (changes.status === 'won' && before?.status !== 'won') await this.funnel?.won(workspaceId, leadId);
    await this.onChange.leadChanged(workspaceId, leadId);
    if (this.events) {
      const data = { lead: webhookLead(lead), changes: Object.keys(changes) };
      await this.events.emit(workspaceId, 'lead.updated', [leadId, lead.updatedAt], data);
      if (changes.status === 'qualified' && before?.status !== 'qualified')
        await this.events.emit(workspaceId, 'lead.qualified', [leadId, lead.updatedAt], data);
    }
    return lead;
  }
}

function toTurn(interaction: Interaction): ConversationTurn {
  return {
    from: interaction.direction === 'outbound' ? 'business' : 'lead',
    text: interaction.text,
    at: interaction.occurredAt,
  };
}
