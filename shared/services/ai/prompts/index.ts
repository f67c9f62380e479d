import type { Language } from '../ports';
import { classifyEnV1 } from './classify.en.v1';
import { classifyFrV1 } from './classify.fr.v1';
import { extractPhoneEnV1 } from './extract-phone.en.v1';
import { extractPhoneFrV1 } from './extract-phone.fr.v1';
import { followUpEnV2 } from './follow-up.en.v2';
import { followUpFrV2 } from './follow-up.fr.v2';
import { replyEnV4 } from './reply.en.v4';
import { replyFrV4 } from './reply.fr.v4';
import { SUMMARY_PROMPTS } from './summary';
import type { PromptId, PromptTemplate } from './types';

export { type PromptId, type PromptTemplate, renderTemplate, versionIdOf } from './types';

/** The active version of every prompt, per language. Plain imports: esbuild bundles them like any module. */
export const ACTIVE_PROMPTS: Record<PromptId, Record<Language, PromptTemplate>> = {
  reply: { fr: replyFrV4, en: replyEnV4 },
  'extract-phone': { fr: extractPhoneFrV1, en: extractPhoneEnV1 },
  classify: { fr: classifyFrV1, en: classifyEnV1 },
  'follow-up': { fr: followUpFrV2, en: followUpEnV2 },
  summary: SUMMARY_PROMPTS,
};

export const promptFor = (id: PromptId, language: Language): PromptTemplate => ACTIVE_PROMPTS[id][language];
