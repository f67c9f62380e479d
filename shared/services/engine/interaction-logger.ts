import { asksForDataErasure } from '../../domain/leads/erasure-request';
import { leadIdOf } from '../../domain/leads/lead';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { applyInteraction } from '../../domain/pipeline/lead-changes';
import { webhookLead } from '../../domain/webhooks/payloads';
import type { NotifyInput } from '../notifications/notification-service';
import type { WebhookEvents } from '../webhooks/webhook-emitter';
import type { DoneMarker, InteractionStore, LeadWriter } from './ports';
import type { LoggedInteraction } from './workflow-state';

/**
 * The interaction logger: one interaction item and one counted lead update per platform message, however many
 * times it is delivered. The interaction item's conditional put tells the first delivery apart; the writes
 * after it are idempotent (deterministic keys, counted keys on the lead), so a delivery that died half-way is
 * completed by the next one. A message whose workflow already finished (its DEDUPE marker is 'done', written with
 * the execution's trace by Complete, from `complete`) is reported so the rest is skipped.
 */
export class InteractionLogger {
  constructor(
    private readonly interactions: InteractionStore,
    private readonly leads: LeadWriter,
    /** Outbound webhooks (lead.created / lead.updated); absent where the logger only completes interactions. */
    private readonly events?: WebhookEvents,
    private readonly now: () => Date = () => new Date(),
    /** The inbox's conversation view (list order, unread, what a human reply answers). */
    private readonly inbox?: { recordIncoming(message: IncomingMessage, leadId: string): Promise<void> },
    /** The page's own messages sent outside Flow IA (the owner's app): logged, and the bot pauses. */
    private readonly echoes?: {
      isOwnSend(message: IncomingMessage, leadId: string): Promise<boolean>;
      ownerReplied(message: IncomingMessage, leadId: string): Promise<void>;
    },
    /** Tells the owner when a person asks by message for their data to be deleted (the lead is flagged too). */
    private readonly notifications?: { notify(workspaceId: string, input: NotifyInput): Promise<boolean> },
  ) {}

  async log(message: IncomingMessage): Promise<LoggedInteraction> {
    const leadId = leadIdOf(message.workspaceId, message.platform, message.author.platformUserId);
    const at = this.now().toISOString();
    if ((await this.interactions.dedupeState(message.workspaceId, message.dedupeKey)) === 'done') {
      const lead = await this.leads.get(message.workspaceId, leadId);
      return {
        leadId,
        firstDelivery: false,
        alreadyProcessed: true,
        score: lead?.score ?? 0,
        phone: lead?.phone ?? null,
        interactionCount: lead?.interactionCount ?? 0,
      };
    }
    if (message.echo) return this.logEcho(message, leadId, at);
    // One write is both the interaction and the first-delivery test. A crash right after it loses nothing: the
    // redelivery finds the item (firstDelivery false) and does the idempotent rest; the message is not 'done'
    // until Complete marks it, so nothing is skipped.
    const firstDelivery = await this.interactions.putInteraction(message, leadId, at);
    await this.inbox?.recordIncoming(message, leadId);
    const lead = await this.leads.upsert(message.workspaceId, leadId, (current) =>
      applyInteraction(current, message, leadId, at),
    );
    // After the write and on every pass that reaches it (a retry after a crash included): the event ids are
    // derived from the lead and this message, so a second pass delivers nothing twice. The lead's first counted
    // message creates it; every later one updates it (counters, last message, score, phone).
    if (lead && this.events) {
      const created = lead.interactionCount === 1;
      await this.events.emit(
        message.workspaceId,
        created ? 'lead.created' : 'lead.updated',
        created ? [leadId] : [leadId, message.dedupeKey],
        { lead: webhookLead(lead) },
      );
    }
    if (lead?.erasureRequestedAt && asksForDataErasure(message.text))
      await this.notifications?.notify(message.workspaceId, {
        kind: 'erasure_request',
        title: 'A contact asks for their data to be deleted',
        body: `${lead.displayName ?? lead.username ?? 'A contact'} wrote on ${message.platform} asking for their data to be deleted. Export it if they asked for a copy (GET /leads/${leadId}/export), then erase it (DELETE /leads/${leadId}).`,
        leadId,
        // Once per request: a replay of the message, or the same person asking again, repeats nothing.
        dedupeKey: `erasure_request:${leadId}:${lead.erasureRequestedAt}`,
      });
    // The capture's outcome for this message, read back from the lead: the same on a replay that counted nothing.
    const last = lead?.capture?.last;
    return {
      leadId,
      firstDelivery,
      alreadyProcessed: false,
      score: lead?.score ?? 0,
      phone: lead?.phone ?? null,
      interactionCount: lead?.interactionCount ?? 0,
      capture: last?.dedupeKey === message.dedupeKey ? last : null,
    };
  }

  /**
   * An echo is the business speaking, not the person: no lead change, no decision. The owner's is stored in the
   * thread and pauses the bot; Flow IA's own is already there as its send record. Either way the workflow stops
   * here (`alreadyProcessed`), and the message is done so a redelivery stops here too: the step writes the marker
   * it returns (`done`) with its trace, in one write, as Complete does (it used to be a write of its own).
   */
  private async logEcho(message: IncomingMessage, leadId: string, at: string): Promise<LoggedInteraction> {
    // Flow IA's own echo writes no interaction: nothing tells a redelivery apart before it is done (it ends here).
    let firstDelivery = true;
    if (this.echoes && !(await this.echoes.isOwnSend(message, leadId))) {
      firstDelivery = await this.interactions.putInteraction(message, leadId, at);
      await this.echoes.ownerReplied(message, leadId);
    }
    const done = await this.interactions.doneMarker(message, at);
    const lead = await this.leads.get(message.workspaceId, leadId);
    return {
      leadId,
      firstDelivery,
      alreadyProcessed: true,
      done,
      score: lead?.score ?? 0,
      phone: lead?.phone ?? null,
      interactionCount: lead?.interactionCount ?? 0,
    };
  }

  /** The message's done marker, for Complete to write with its trace (one write: see TraceStore.record). */
  async complete(message: IncomingMessage): Promise<DoneMarker> {
    return this.interactions.doneMarker(message, this.now().toISOString());
  }
}
