import type { ConversationState } from '../../domain/conversations/automation';
import { NotFoundError } from '../../errors';
import type { AutomationGate } from './automation-gate';

const view = (leadId: string, state: ConversationState) => ({ id: leadId, leadId, ...state });

/**
 * The inbox's pause controls. A conversation exists once its lead does (the lead is read in the caller's
 * workspace partition, so another workspace's id is a 404).
 */
export class ConversationService {
  constructor(
    private readonly leads: { get(workspaceId: string, leadId: string): Promise<unknown | undefined> },
    private readonly gate: AutomationGate,
  ) {}

  private async ensure(workspaceId: string, id: string) {
    if (!(await this.leads.get(workspaceId, id))) throw new NotFoundError('Conversation not found.');
  }

  async get(workspaceId: string, id: string) {
    await this.ensure(workspaceId, id);
    return view(id, await this.gate.get(workspaceId, id));
  }

  async pause(workspaceId: string, id: string) {
    await this.ensure(workspaceId, id);
    return view(id, await this.gate.pause(workspaceId, id, 'manual'));
  }

  /** Resume never lifts an opt-out: only the person can, by writing START. */
  async resume(workspaceId: string, id: string) {
    await this.ensure(workspaceId, id);
    return view(id, await this.gate.resume(workspaceId, id));
  }
}
