import type { ConversationState } from '../../domain/conversations/automation';

export interface ConversationStateStore {
  get(workspaceId: string, leadId: string): Promise<ConversationState | undefined>;
  /** Last writer wins: every change is a whole, idempotent state (pause, resume, opt-out, opt-in). */
  put(workspaceId: string, leadId: string, state: ConversationState, now: string): Promise<void>;
}
