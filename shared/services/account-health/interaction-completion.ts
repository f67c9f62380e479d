import { awaitsAccount, type HealthStatus } from '../../domain/accounts/account-problems';
import type { InteractionLogger } from '../engine/interaction-logger';
import type { DoneMarker } from '../engine/ports';
import type { WorkflowState } from '../engine/workflow-state';
import type { SocialAccountStore } from '../social/ports';
import type { ParkedInteractionStore } from './ports';

export type CompletionResult =
  | { done: true; parked: false; marker: DoneMarker }
  | { done: false; parked: true; marker?: undefined };

const SENDING_ACTIONS = new Set(['reply', 'dm', 'private_reply']);
const DELIVERED = new Set(['sent', 'already_sent', 'queued', 'uncertain']);

/**
 * The workflow's last step. Normally the interaction is finished (a replay is skipped from then on). When its
 * account could not send, it is parked instead and stays open, so the recovery after a reconnect can run it
 * again — logged once, answered at most once (the send record), and only while its window is still open.
 */
export class InteractionCompletion {
  constructor(
    private readonly logger: Pick<InteractionLogger, 'complete'>,
    private readonly parked: ParkedInteractionStore,
    private readonly accounts: Pick<SocialAccountStore, 'get'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * `done` carries the marker the step writes with its trace, in one write, after this returns: until then the
   * message is not done, and a crash before that write leaves it to the redelivery, which completes it.
   */
  async complete(state: WorkflowState): Promise<CompletionResult> {
    const { message, logged, match, send, sendError, plan } = state;
    const delivered = send !== undefined && DELIVERED.has(send.status);
    // Re-read the account only when a send failed: that is when it may have gone down mid-run.
    const statusNow = sendError ? await this.statusOf(message.workspaceId, message.accountId) : undefined;
    const park = awaitsAccount({
      actionable: message.actionable,
      wantedToSend: SENDING_ACTIONS.has(match?.scenario?.actions[0]?.action ?? ''),
      delivered,
      statusAtDecision: plan?.accountStatus ?? 'active',
      statusNow,
    });
    if (park) {
      await this.parked.park(message, this.now().toISOString());
      return { done: false, parked: true };
    }
    const marker = await this.logger.complete(message);
    // Only a message seen before can have been parked (a first delivery has nothing to clear). Cleared before the
    // marker is written: a crash in between leaves the message not done, and its redelivery completes it.
    if (!logged.firstDelivery)
      await this.parked.unpark(message.workspaceId, message.accountId, message.dedupeKey);
    return { done: true, parked: false, marker };
  }

  private async statusOf(workspaceId: string, accountId: string): Promise<HealthStatus> {
    return (await this.accounts.get(workspaceId, accountId))?.status ?? 'missing';
  }
}
