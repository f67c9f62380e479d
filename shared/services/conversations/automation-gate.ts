import {
  afterIncoming,
  automationBlock,
  type ConversationState,
  OPEN_CONVERSATION,
  type PausedReason,
} from '../../domain/conversations/automation';
import { autoResumeDue } from '../../domain/conversations/conversation';
import type { WebhookEvents } from '../webhooks/webhook-emitter';
import type { ConversationStateStore } from './ports';

/**
 * The one place the engine asks "may the bot answer this person?": the Decide step (for each incoming message,
 * which may itself be STOP or START) and the follow-up runner (before a delayed answer goes out).
 */
export class AutomationGate {
  constructor(
    private readonly store: ConversationStateStore,
    /** Outbound webhooks: conversation.handover. */
    private readonly events?: Pick<WebhookEvents, 'emit'>,
    private readonly now: () => Date = () => new Date(),
    /** The workspace's auto-resume setting (hours of human silence, null = never). */
    private readonly autoResumeHours?: (workspaceId: string) => Promise<number | null>,
  ) {}

  /**
   * The state, with auto-resume applied lazily: a bot a human paused (hand-over, member or owner reply) whose
   * workspace set N hours resumes on the first read after N hours without a human message — no sweep, no scan.
   * The workspace setting is read only for a paused conversation.
   */
  private async state(workspaceId: string, leadId: string): Promise<ConversationState> {
    const stored = await this.store.get(workspaceId, leadId);
    if (!stored) return OPEN_CONVERSATION;
    const { pausedAt, lastHumanAt, ...state } = stored;
    if (!state.botPaused || state.optedOut || !this.autoResumeHours) return state;
    // A hand-over counts from the pause; a member's or the owner's reply from when they wrote.
    const since = state.pausedReason === 'handover' ? (pausedAt ?? null) : (lastHumanAt ?? pausedAt ?? null);
    const now = this.now();
    if (!autoResumeDue(state.pausedReason, since, await this.autoResumeHours(workspaceId), now)) return state;
    await this.store.put(workspaceId, leadId, OPEN_CONVERSATION, now.toISOString());
    return OPEN_CONVERSATION;
  }

  /** Applies the message's opt-out/opt-in keyword (idempotent on a replay), then says why the bot is blocked. */
  async onIncoming(workspaceId: string, leadId: string, text: string | null): Promise<string | null> {
    const before = await this.state(workspaceId, leadId);
    const after = afterIncoming(before, text);
    if (after !== before) await this.store.put(workspaceId, leadId, after, this.now().toISOString());
    return automationBlock(after);
  }

  /** Read-only check, for answers decided earlier (follow-ups). */
  async blockReason(workspaceId: string, leadId: string): Promise<string | null> {
    return automationBlock(await this.state(workspaceId, leadId));
  }

  async pause(workspaceId: string, leadId: string, reason: PausedReason): Promise<ConversationState> {
    const current = await this.state(workspaceId, leadId);
    const next = { ...current, botPaused: true, pausedReason: reason };
    await this.store.put(workspaceId, leadId, next, this.now().toISOString());
    return next;
  }

  /**
   * A scenario handed the conversation to a human: the bot pauses, and conversation.handover goes out. A replayed
   * Decide step pauses again and emits the same event id (the message's dedupe key), so nothing is sent twice.
   */
  async handOver(
    workspaceId: string,
    leadId: string,
    cause: {
      dedupeKey: string;
      platform: string;
      text: string | null;
      at: string;
      scenarioId: string | null;
      reason: string;
    },
  ): Promise<ConversationState> {
    const next = await this.pause(workspaceId, leadId, 'handover');
    await this.events?.emit(workspaceId, 'conversation.handover', [leadId, cause.dedupeKey], {
      conversation: { id: leadId, leadId, platform: cause.platform, ...next },
      message: { text: cause.text, at: cause.at },
      scenarioId: cause.scenarioId,
      reason: cause.reason,
    });
    return next;
  }

  /** A resume by a member does not lift an opt-out: only the person can (by opting in). */
  async resume(workspaceId: string, leadId: string): Promise<ConversationState> {
    const current = await this.state(workspaceId, leadId);
    const next: ConversationState = current.optedOut
      ? current
      : { botPaused: false, pausedReason: null, optedOut: false };
    await this.store.put(workspaceId, leadId, next, this.now().toISOString());
    return next;
  }

  async get(workspaceId: string, leadId: string): Promise<ConversationState> {
    return this.state(workspaceId, leadId);
  }
}
