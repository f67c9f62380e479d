import { dayOf, type FunnelCounter, sendCounter } from '../../domain/analytics/funnel';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { FunnelCredits } from './funnel-credits';

/**
 * The funnel counters our side of a conversation takes (see FunnelRecorder for the rules that keep each count
 * once): a scenario's decision and the actions it sent, now or later. Apart from FunnelRecorder, whose reading of
 * a person's message needs the phone detector, so the follow-ups schedule, which only counts what it sent, does
 * not bundle libphonenumber's metadata.
 */
export class FunnelSends extends FunnelCredits {
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
}
