import { writesPhone } from '../../domain/leads/phone-text';
import type { AiResult, ConversationSummarizer, SummaryInput } from './ports';
import { INTENT_LABELS } from './rules/intent-labels';
import { detectIntents, guessLanguage } from './rules/intents';
import { RULES_VERSION } from './rules/version';

/**
 * The deterministic summary: how many messages each side wrote, the lead's topics (the rules' intents), the
 * phone given, the last message.
 *
 * The phone: with `knownPhone` in the input (the lead's stored phone, which the pipeline detected and
 * normalised with libphonenumber `max`), the summary states that phone, and a message counts as giving contact
 * details when it writes that number (`writesPhone`); without it, each message is read with `detectPhone`, as the
 * AI engine's rules do (RuleBasedAiEngine passes it). The summary route passes `knownPhone` and no detector, so
 * it does not bundle libphonenumber. What that changes for the route's users: the phone shown is the lead's
 * stored one (also when it was set outside the loaded messages, e.g. edited, or in a message older than the
 * history shown), and a message giving another number than the stored one no longer counts as contact details.
 */
export class RuleBasedSummarizer implements ConversationSummarizer {
  constructor(
    /** The phone a message gives (E.164) or null; absent: only `knownPhone` is read. */
    private readonly detectPhone?: (text: string) => string | null,
  ) {}

  async summarizeConversation(input: SummaryInput): Promise<AiResult<string>> {
    const texts = input.history.filter((t) => t.from === 'lead').map((t) => t.text);
    const language = input.language ?? guessLanguage(texts.join(' '));
    const { knownPhone } = input;
    const phoneIn =
      knownPhone !== undefined
        ? (text: string) => (knownPhone && writesPhone(knownPhone, text) ? knownPhone : null)
        : (this.detectPhone ?? (() => null));
    const phone =
      knownPhone !== undefined ? knownPhone : (texts.map((t) => phoneIn(t)).find(Boolean) ?? null);
    const intents = [...new Set(texts.flatMap((t) => detectIntents(t, phoneIn(t))))].filter(
      (i) => i !== 'question' && i !== 'greeting',
    );
    const replies = input.history.length - texts.length;
    const last = (texts.at(-1) ?? '').replace(/\s+/g, ' ').slice(0, 140);
    const topics = intents.map((i) => INTENT_LABELS[i][language]).join(', ');
    const parts =
      language === 'en'
        ? [
            `${texts.length} message(s) from the lead, ${replies} reply(ies) from the business.`,
            topics ? `Topics: ${topics}.` : 'No clear request yet.',
            phone ? `Phone given: ${phone}.` : '',
            last ? `Last message: "${last}".` : '',
          ]
        : [
            `${texts.length} message(s) du prospect, ${replies} réponse(s) de l'entreprise.`,
            topics ? `Sujets : ${topics}.` : 'Pas encore de demande précise.',
            phone ? `Téléphone donné : ${phone}.` : '',
            last ? `Dernier message : « ${last} ».` : '',
          ];
    return { value: parts.filter(Boolean).join(' '), source: 'rules', promptVersion: RULES_VERSION };
  }
}
