import { dayOf, type FunnelCounter, givesContact, sendCounter } from '../../domain/analytics/funnel';
import type { TouchStep } from '../../domain/delivery/send-record';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { FunnelCredits, safely } from './funnel-credits';

const ANSWER_KINDS: ReadonlyArray<IncomingMessage['kind']> = ['dm', 'postback', 'story_reply'];

/**
 * Keeps the funnel counters (domain/analytics/funnel.ts) as the workflow goes. No count is taken twice on a
 * replayed step, by leaning on a transition that already happens once:
 *
 *  - triggered, repliedPublicly, sent: counted by the UpdateLead pass that first records the interaction's
 *    outcome (`recordOutcome` sets the interaction's `outcomeAt` once and says whether it did), in one UpdateItem
 *    with the ADDs of the whole message. A send that goes later (the follow-ups schedule, after the quota reset)
 *    is counted when the Sender reports `sent`, which only the attempt that settled the record ever does.
 *  - delivered, read, answered, contactCaptured, won: credited to the lead's last scenario DM, whose send record
 *    takes a mark per step (`readAt`, …) in one conditional write; only the write that set a mark counts it. A
 *    redelivered read receipt, a second read of the same DM or a replayed step finds the mark and adds nothing.
 *
 * The mark (or the interaction's outcome) is written before the counter: a crash between the two loses a count
 * rather than doubling one, and counters are never decremented.
 */
export class FunnelRecorder extends FunnelCredits {
  /** A scenario's decision for one message, with what its actions did now (UpdateLead's first pass). */
  async decided(
    message: IncomingMessage,
    scenario: { id: string },
    variantId: string | null,
    sends: ReadonlyArray<{ action: 'reply' | 'dm' | 'private_reply'; status: string }>,
  ): Promise<void> {
    const counters: FunnelCounter[] = ['triggered'];
    for (const send of sends)
      if (send.status === 'sent' || send.status === 'already_sent') {
        const counter = sendCounter(send.action, message.kind);
        if (!counters.includes(counter)) counters.push(counter);
      }
    await this.count(
      message.workspaceId,
      { day: dayOf(message.occurredAt), scenarioId: scenario.id, mediaId: message.mediaId },
      counters,
      variantId,
    );
  }

  /** An action sent after the workflow (the follow-ups schedule): the Sender said `sent`, once. */
  async sentLater(
    message: IncomingMessage,
    scenarioId: string,
    variantId: string | null,
    action: 'reply' | 'dm' | 'private_reply',
  ): Promise<void> {
    await this.count(
      message.workspaceId,
      { day: dayOf(message.occurredAt), scenarioId, mediaId: message.mediaId },
      [sendCounter(action, message.kind)],
      variantId,
    );
  }

  /**
   * What a person's message says about the DMs they got: a read receipt reads them (and so they were
   * delivered), a message written back answers the last one, and may give a contact (`captured`: it answered a
   * contact question validly, e.g. "oui" to "did you mean lea@gmail.com?", which no detector reads as one).
   */
  async personActed(message: IncomingMessage, leadId: string, captured = false): Promise<void> {
    await safely(() => this.fromPerson(message, leadId, captured));
  }

  private async fromPerson(message: IncomingMessage, leadId: string, captured: boolean): Promise<void> {
    if (message.echo) return;
    if (message.kind === 'read') return this.receipt(message, leadId);
    if (!ANSWER_KINDS.includes(message.kind)) return;
    const dms = await this.scenarioDms(message.workspaceId, leadId);
    // The DM this message answers came before it: not one this very message's scenario just sent.
    const last = dms.find((record) => record.dedupeKey !== message.dedupeKey);
    if (!last) return;
    const gave = captured || givesContact(message);
    const steps: TouchStep[] = ['answered', ...(gave ? (['contactCaptured'] as const) : [])];
    await this.credit(last, steps);
  }

  /**
   * Instagram's read names the DM (`mid`); Messenger's read names a watermark, "all messages that were sent
   * before or at this timestamp were read" (message_reads reference), and its delivery mids and a watermark.
   */
  private async receipt(message: IncomingMessage, leadId: string): Promise<void> {
    const receipt = message.receipt;
    if (!receipt) return;
    const dms = await this.scenarioDms(message.workspaceId, leadId);
    const read = dms.filter((record) =>
      receipt.mids.length > 0
        ? record.providerMessageId !== null && receipt.mids.includes(record.providerMessageId)
        : receipt.watermark !== null && (record.createdAt ?? record.startedAt) <= receipt.watermark,
    );
    const steps: TouchStep[] = receipt.status === 'read' ? ['delivered', 'read'] : ['delivered'];
    for (const record of read) await this.credit(record, steps);
  }
}
