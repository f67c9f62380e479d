import { numberInText, phoneAmbiguity } from '../../domain/leads/phone';
import {
  applyQualification,
  claimQualification,
  type Qualification,
} from '../../domain/pipeline/lead-changes';
import type { AiEngine, ConversationTurn } from '../ai/ports';
import type { LeadWriter } from './ports';
import type { QualificationOutcome, WorkflowState } from './workflow-state';

export interface LeadQualifierDeps {
  leads: LeadWriter;
  /** The configured model's engine, or null when none is configured (the rules already scored the lead). */
  model: () => AiEngine | null;
  /** The conversation before the message, oldest first (what classifyProspect reads beside the message). */
  history: (workspaceId: string, leadId: string, before: string) => Promise<ConversationTurn[]>;
  now?: () => Date;
}

/**
 * AI lead qualification (issue 24 item 3), after the rules scored the message (LogInteraction): only when a model
 * is configured AND the plan includes `aiLeadQualification`.
 *
 *   classifyProspect ──ai──▶ the score's ai_class_hot|warm|cold factor, and the reason, on the lead
 *   the rules' number is ambiguous (phone.ts phoneAmbiguity) ──▶ extractPhoneNumber ──ai──▶ the lead's phone
 *
 * Both calls go through the engine's monthly budget, cache and limiter: when the budget is spent (or the model
 * fails) the engine answers with its rules, and then nothing is added — the rules' score and phone stand, as
 * without a model. Claimed once per message on the lead (`qualifiedBy`) before the model is called, so a retried
 * step or a redelivery running alongside calls it and changes nothing again (a crash after the claim leaves this
 * message unqualified; the next one qualifies the lead).
 */
export class LeadQualifier {
  private readonly now: () => Date;

  constructor(private readonly deps: LeadQualifierDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async qualify(state: WorkflowState): Promise<QualificationOutcome | null> {
    const { message, logged, plan } = state;
    if (!plan?.features.aiLeadQualification || message.echo || message.kind === 'read') return null;
    if (message.text.trim() === '') return null;
    const model = this.deps.model();
    if (!model) return null;
    const { workspaceId } = message;
    // Claimed on the lead first (its optimistic write lets one delivery of the message win): one call per message.
    let claimed = false;
    await this.deps.leads.upsert(workspaceId, logged.leadId, (current) => {
      const next = claimQualification(current, message.dedupeKey, this.now().toISOString());
      claimed = next !== undefined;
      return next;
    });
    if (!claimed) return null;

    const ambiguous = phoneAmbiguity(message.text);
    let phone: string | null = null;
    if (ambiguous) {
      const opinion = await model.extractPhoneNumber({ workspaceId, text: message.text });
      // Only a number the message holds: the model can neither make one up nor be told to by the text.
      if (opinion.source === 'ai' && opinion.value && numberInText(opinion.value, message.text))
        phone = opinion.value;
    }
    const history = await this.deps.history(workspaceId, logged.leadId, message.occurredAt);
    const classified = await model.classifyProspect({ workspaceId, text: message.text, history });
    const qualification: Qualification = {
      prospect: classified.source === 'ai' ? classified.value : null,
      phone,
    };
    await this.deps.leads.upsert(workspaceId, logged.leadId, (current) =>
      applyQualification(current, qualification, this.now().toISOString()),
    );
    return {
      prospectClass: qualification.prospect?.class ?? null,
      secondPhoneOpinion: { asked: ambiguous !== null, phone },
    };
  }
}
