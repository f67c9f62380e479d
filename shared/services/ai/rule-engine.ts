import { detectPhone } from '../../domain/leads/phone';
import { scoreLead } from '../../domain/leads/scoring';
import type { AiEngine, AiResult, ConversationTurn, Language, ProspectClass, ReplyInput } from './ports';

const VERSION = 'rules-v1';
const result = <T>(value: T): AiResult<T> => ({ value, source: 'rules', promptVersion: VERSION });

/** French unless the text reads as English; good enough to answer in the person's language. */
export function guessLanguage(text: string): Language {
  const english = /\b(the|hello|hi|price|how|what|please|thanks|you|is|are|want)\b/i.test(text);
  const french = /\b(le|la|les|bonjour|salut|prix|combien|merci|vous|est|je|veux|svp)\b/i.test(text);
  return english && !french ? 'en' : 'fr';
}

/**
 * The deterministic engine: serves every AI function with no key and no network, so the local stage works
 * offline and the workflow has a fallback when OpenAI fails.
 */
export class RuleBasedAiEngine implements AiEngine {
  async generateReply(input: ReplyInput): Promise<AiResult<string>> {
    const language = input.language ?? guessLanguage(input.text);
    const name = input.authorName ? ` ${input.authorName}` : '';
    const text =
      language === 'en'
        ? `Hi${name}, thanks for your message! We'll send you all the details in a private message.`
        : `Bonjour${name}, merci pour votre message ! Nous vous envoyons tous les détails en message privé.`;
    return result(text);
  }

  async extractPhoneNumber(input: { text: string }): Promise<AiResult<string | null>> {
    return result(detectPhone(input.text));
  }

  async classifyProspect(input: {
    text: string;
    history: ConversationTurn[];
  }): Promise<AiResult<{ class: ProspectClass; reason: string }>> {
    const fromLead = input.history.filter((t) => t.from === 'lead');
    const { score } = scoreLead({
      text: input.text,
      interactionCount: Math.max(1, fromLead.length),
      phone: detectPhone(input.text),
      prospectClass: null,
      kind: 'dm',
    });
    const cls: ProspectClass = score >= 60 ? 'hot' : score >= 30 ? 'warm' : 'cold';
    return result({ class: cls, reason: `rule score ${score}` });
  }

  async generateFollowUp(input: {
    authorName: string | null;
    language?: Language;
    history: ConversationTurn[];
  }): Promise<AiResult<string>> {
    const language = input.language ?? guessLanguage(input.history.map((t) => t.text).join(' '));
    const name = input.authorName ? ` ${input.authorName}` : '';
    return result(
      language === 'en'
        ? `Hi${name}, just following up — do you have any questions we can help with?`
        : `Bonjour${name}, je reviens vers vous : avez-vous des questions ?`,
    );
  }

  async summarizeConversation(input: { history: ConversationTurn[] }): Promise<AiResult<string>> {
    const fromLead = input.history.filter((t) => t.from === 'lead');
    const last = fromLead.at(-1)?.text ?? '';
    return result(`${fromLead.length} message(s) from the lead; last: "${last.slice(0, 140)}"`);
  }
}
