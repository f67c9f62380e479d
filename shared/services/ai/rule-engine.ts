import { type Knowledge, matchFaq, priceList, productsAskedAbout } from '../../domain/knowledge/knowledge';
import { replyLanguage } from '../../domain/language/language';
import { detectEmail } from '../../domain/leads/email';
import { detectPhone } from '../../domain/leads/phone';
import { levelOf, scoreLead } from '../../domain/leads/scoring';
import type {
  AiEngine,
  AiResult,
  ClassifyInput,
  ConversationTurn,
  FollowUpInput,
  Language,
  PhoneInput,
  ProspectClass,
  ReplyInput,
  SummaryInput,
} from './ports';
import { RuleBasedSummarizer } from './rule-summarizer';
import { detectIntents, fold, guessLanguage, type Intent, primaryIntent } from './rules/intents';
import { humanWillAnswer } from './rules/other-languages';
import {
  AND,
  COMMENT_ANSWERS,
  COMMENT_SENDING,
  COMMENT_TOPICS,
  DM_ANSWERS,
  FOLLOW_UPS,
  GENERIC,
  HUMAN_FOLLOWS_UP,
} from './rules/templates';
import { RULES_VERSION } from './rules/version';

export { guessLanguage } from './rules/intents';

export { RULES_VERSION } from './rules/version';

const result = <T>(value: T): AiResult<T> => ({ value, source: 'rules', promptVersion: RULES_VERSION });

/** " Léa" from "Léa Martin", "" when unknown: templates read "Bonjour{name} !". */
function nameSlot(authorName: string | null): string {
  const first = authorName?.trim().split(/\s+/)[0]?.replace(/^@/, '');
  return first ? ` ${first.slice(0, 40)}` : '';
}

const fill = (template: string, name: string, topic = '') =>
  template.replaceAll('{name}', name).replaceAll('{topic}', topic);

/** A public reply: short, never repeats personal data, moves anything specific to private messages. */
function commentReply(intents: Intent[], language: Language, name: string): string {
  const urgent = intents.find(
    (i) => i === 'spam' || i === 'complaint' || i === 'not_interested' || i === 'contact_given',
  );
  if (urgent) return fill(COMMENT_ANSWERS[urgent]![language], name);
  const topics = intents.filter((i) => COMMENT_TOPICS[i]);
  const specific = topics.filter((i) => i !== 'question');
  const chosen = (specific.length > 0 ? specific : topics).slice(0, 2);
  if (chosen.length > 0) {
    const topic = chosen.map((i) => COMMENT_TOPICS[i]![language]).join(AND[language]);
    return fill(COMMENT_SENDING[language], name, topic);
  }
  const social = intents.find((i) => COMMENT_ANSWERS[i]);
  return fill((social ? COMMENT_ANSWERS[social]! : GENERIC)[language], name);
}

/** A private reply: answers the main intent (`primaryIntent`). */
function privateReply(intents: Intent[], language: Language, name: string): string {
  const primary = primaryIntent(intents);
  return fill((primary ? DM_ANSWERS[primary] : GENERIC)[language], name);
}

/**
 * An answer taken verbatim from the knowledge base (a matching FAQ entry, or the prices of the products asked
 * about), or null. Only stored facts are stated, so "combien ?" is answered without a model and without invention.
 */
function knowledgeReply(
  knowledge: Knowledge | null | undefined,
  text: string,
  intents: Intent[],
  language: Language,
  name: string,
): string | null {
  if (!knowledge) return null;
  if (intents.includes('spam') || intents.includes('complaint') || intents.includes('not_interested'))
    return null;
  const faq = matchFaq(knowledge, text);
  if (faq) return faq.answer;
  if (primaryIntent(intents) === 'price' && knowledge.products?.length) {
    const list = priceList(productsAskedAbout(knowledge, text), language);
    return language === 'en' ? `Hi${name}! Our prices: ${list}.` : `Bonjour${name} ! Nos tarifs : ${list}.`;
  }
  return null;
}

/** A quote asks for a price the knowledge cannot hold (a quantity, an event): a person prices it. */
const QUOTE = /\b(devis|quotes?|quotation)\b/;

/**
 * Why a person must take over what the rules could not answer from the knowledge: a complaint (a person
 * handles it, whatever the knowledge says), a quote, or a question that no FAQ entry or product answers.
 */
function humanNeeded(intents: Intent[], text: string): 'complaint' | 'quote' | 'question' | null {
  const primary = primaryIntent(intents);
  if (primary === 'complaint') return 'complaint';
  if (primary === 'price' && QUOTE.test(fold(text))) return 'quote';
  if (primary === 'question') return 'question';
  return null;
}

const leadTexts = (history: ConversationTurn[]) =>
  history.filter((t) => t.from === 'lead').map((t) => t.text);

/**
 * The deterministic engine: serves every AI function with no key and no network, so the local stage works
 * offline and the workflow has a fallback when OpenAI fails. French and English; intent-aware but never
 * inventive (see rules/templates.ts).
 */
export class RuleBasedAiEngine implements AiEngine {
  /** The summary reads each message's phone with the detector (the workflow's behaviour). */
  private readonly summarizer = new RuleBasedSummarizer((text) => detectPhone(text));

  async generateReply(input: ReplyInput): Promise<AiResult<string>> {
    const answerIn = input.language ?? replyLanguage(input.text, input.knowledge);
    // Templates exist in French and English only: in any other language a person answers.
    if (answerIn !== 'fr' && answerIn !== 'en')
      return { ...result(humanWillAnswer(answerIn)), handover: true };
    const language: Language = answerIn;
    const intents = detectIntents(input.text, detectPhone(input.text) ?? detectEmail(input.text));
    const name = nameSlot(input.authorName);
    const isPublic = input.kind === 'comment';
    const why = humanNeeded(intents, input.text);
    // A quote is never the price list: the list prices one item, a quote a quantity or an event.
    const known =
      why === 'quote' ? null : knowledgeReply(input.knowledge, input.text, intents, language, name);
    if (known) return result(known);
    if (why === 'quote' || why === 'question')
      return {
        ...result(fill(HUMAN_FOLLOWS_UP[isPublic ? 'comment' : 'dm'][why][language], name)),
        handover: true,
      };
    const reply = result(
      isPublic ? commentReply(intents, language, name) : privateReply(intents, language, name),
    );
    return why === 'complaint' ? { ...reply, handover: true } : reply;
  }

  async extractPhoneNumber(input: PhoneInput): Promise<AiResult<string | null>> {
    return result(detectPhone(input.text));
  }

  async classifyProspect(input: ClassifyInput): Promise<AiResult<{ class: ProspectClass; reason: string }>> {
    const previous = leadTexts(input.history).filter((t) => t !== input.text);
    const phone = [input.text, ...previous].map((t) => detectPhone(t)).find(Boolean) ?? null;
    const { score, factors } = scoreLead({
      text: input.text,
      previousTexts: previous,
      interactionCount: previous.length + 1,
      phone,
      prospectClass: null,
      kind: 'dm',
    });
    const why = factors.map((f) => `${f.factor} ${f.points > 0 ? '+' : ''}${f.points}`).join(', ');
    return result({ class: levelOf(score), reason: `rule score ${score}${why ? ` (${why})` : ''}` });
  }

  async generateFollowUp(input: FollowUpInput): Promise<AiResult<string>> {
    const texts = leadTexts(input.history);
    const language = input.language ?? guessLanguage(texts.join(' '));
    const intents = detectIntents(texts.at(-1) ?? '');
    const known = intents.find((i) => FOLLOW_UPS[i]);
    const template = known ? FOLLOW_UPS[known]! : FOLLOW_UPS.default;
    const text = fill(template[language], nameSlot(input.authorName));
    // The knowledge's first link (booking, shop…) is the concrete help a follow-up offers; stated as stored.
    const link = input.knowledge?.links?.[0];
    const colon = language === 'fr' ? ' :' : ':';
    return result(link ? `${text} ${link.label}${colon} ${link.url}` : text);
  }

  summarizeConversation(input: SummaryInput): Promise<AiResult<string>> {
    return this.summarizer.summarizeConversation(input);
  }
}
