import { createHash } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import { inventedFacts } from '../../domain/knowledge/facts';
import { renderKnowledge } from '../../domain/knowledge/knowledge';
import { languageName, replyLanguage } from '../../domain/language/language';
import { normalisePhone } from '../../domain/leads/phone';
import { LlmSummarizer } from './llm-summarizer';
import { asData, renderMemory } from './memory';
import { ModelCaller, type ModelCallOptions } from './model-call';
import type {
  AiEngine,
  AiResult,
  ClassifyInput,
  FollowUpInput,
  Language,
  PhoneInput,
  ProspectClass,
  ReplyInput,
  SummaryInput,
} from './ports';
import { acceptText, clip, renderHistory } from './prompt-values';
import { promptFor } from './prompts';
import { classifyOutput, followUpOutput, phoneOutput, replyOutput } from './prompts/schemas';
import { guessLanguage, RuleBasedAiEngine } from './rule-engine';

export type { FallbackEvent } from './model-call';

export interface LlmAiEngineOptions extends ModelCallOptions {
  fallback?: AiEngine;
  defaultCountry?: CountryCode;
}

const LABELS: Record<Language, { unknown: string; noInstruction: string }> = {
  fr: { unknown: 'inconnu', noInstruction: 'aucune (réponds utilement)' },
  en: { unknown: 'unknown', noInstruction: 'none (answer helpfully)' },
};

/** Case, width and spacing do not change what a message asks ("Combien ?" = "combien  ?"). */
export const normaliseMessage = (text: string) =>
  text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** A version of the knowledge that changes whenever its content does (a hash of it). */
export const knowledgeVersion = (knowledge: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(knowledge ?? null))
    .digest('hex')
    .slice(0, 16);

/**
 * The AI engine backed by a model: versioned prompts, structured outputs validated with zod, a per-workspace
 * response cache, a shared rate limiter, and a fallback to the rule engine on ANY failure — callers never see
 * an AI error, and a lead is never lost to an AI outage.
 * (the flow of one call: model-call.ts).
 */
export class LlmAiEngine implements AiEngine {
  private readonly rules: AiEngine;
  private readonly defaultCountry: CountryCode;
  private readonly model: ModelCaller;
  private readonly summarizer: LlmSummarizer;

  constructor(options: LlmAiEngineOptions) {
    this.rules = options.fallback ?? new RuleBasedAiEngine();
    this.defaultCountry = options.defaultCountry ?? 'FR';
    this.model = new ModelCaller(options);
    // The summary route builds the summarizer alone (wiring/conversation-summary.ts); here it shares this
    // engine's model call and falls back to this engine's rules, so there is one summary implementation.
    this.summarizer = new LlmSummarizer(this.model, this.rules);
  }

  generateReply(input: ReplyInput): Promise<AiResult<string>> {
    const answerIn = input.language ?? replyLanguage(input.text, input.knowledge);
    // The prompt is written in French or English; it names the language the answer must be in.
    const language: Language = answerIn === 'fr' ? 'fr' : 'en';
    const values = {
      platform: input.platform,
      kind: input.kind,
      authorName: asData(input.authorName ?? LABELS[language].unknown),
      answerLanguage: languageName(answerIn, language),
      instruction: input.instruction ?? LABELS[language].noInstruction,
      knowledge: renderKnowledge(input.knowledge, language),
      history: renderMemory(input.history ?? [], language, { moreBefore: input.historyTruncated === true }),
      // Only ever in the user message, between its delimiters, which it cannot close (asData).
      text: asData(clip(input.text)),
    };
    return this.model.run({
      operation: 'generateReply',
      workspaceId: input.workspaceId,
      prompt: promptFor('reply', language),
      values,
      // Keyed on the normalised message, the knowledge's version and (in run) the model and prompt version;
      // the rest of the prompt (platform, kind, the name the reply greets, the instruction) stays in the key.
      cacheValues: {
        ...values,
        knowledge: knowledgeVersion(input.knowledge),
        text: normaliseMessage(values.text),
      },
      output: replyOutput,
      maxOutputTokens: 300,
      accept: (output) => {
        const reply = acceptText(output.reply, 1000);
        return reply && output.needsHuman ? { ...reply, handover: true } : reply;
      },
      ungrounded: (output) => inventedFacts(output.reply, input.knowledge, input.instruction),
      rules: () => this.rules.generateReply({ ...input, language: answerIn }),
    });
  }

  extractPhoneNumber(input: PhoneInput): Promise<AiResult<string | null>> {
    return this.model.run({
      operation: 'extractPhoneNumber',
      workspaceId: input.workspaceId,
      prompt: promptFor('extract-phone', guessLanguage(input.text)),
      values: { defaultCountry: this.defaultCountry, text: clip(input.text) },
      output: phoneOutput,
      maxOutputTokens: 60,
      // A model may hallucinate or mis-format a number: only a number libphonenumber validates is accepted.
      accept: (output) => {
        if (output.phone === null || output.phone.trim() === '') return { value: null };
        const phone = normalisePhone(output.phone, this.defaultCountry);
        return phone ? { value: phone } : null;
      },
      rules: () => this.rules.extractPhoneNumber(input),
    });
  }

  classifyProspect(input: ClassifyInput): Promise<AiResult<{ class: ProspectClass; reason: string }>> {
    const language = guessLanguage([input.text, ...input.history.map((t) => t.text)].join(' '));
    return this.model.run({
      operation: 'classifyProspect',
      workspaceId: input.workspaceId,
      prompt: promptFor('classify', language),
      values: { history: renderHistory(input.history, language), text: clip(input.text) },
      output: classifyOutput,
      maxOutputTokens: 150,
      accept: (output) => {
        const reason = acceptText(output.reason, 500);
        return reason ? { value: { class: output.class, reason: reason.value } } : null;
      },
      rules: () => this.rules.classifyProspect(input),
    });
  }

  generateFollowUp(input: FollowUpInput): Promise<AiResult<string>> {
    const language = input.language ?? guessLanguage(input.history.map((t) => t.text).join(' '));
    const values = {
      authorName: asData(input.authorName ?? LABELS[language].unknown),
      knowledge: renderKnowledge(input.knowledge, language),
      history: renderMemory(input.history, language, { moreBefore: input.historyTruncated === true }),
    };
    return this.model.run({
      operation: 'generateFollowUp',
      workspaceId: input.workspaceId,
      prompt: promptFor('follow-up', language),
      values,
      // Keyed on the knowledge's version, not its text (the conversation is in the key as it is).
      cacheValues: { ...values, knowledge: knowledgeVersion(input.knowledge) },
      output: followUpOutput,
      maxOutputTokens: 200,
      accept: (output) => acceptText(output.message, 1000),
      // A follow-up states only what the knowledge holds, like a reply: an invented price is never sent.
      ungrounded: (output) => inventedFacts(output.message, input.knowledge, null),
      rules: () => this.rules.generateFollowUp({ ...input, language }),
    });
  }

  summarizeConversation(input: SummaryInput): Promise<AiResult<string>> {
    return this.summarizer.summarizeConversation(input);
  }
}
