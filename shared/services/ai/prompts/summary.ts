import type { Language } from '../ports';
import { summaryEnV1 } from './summary.en.v1';
import { summaryFrV1 } from './summary.fr.v1';
import type { PromptTemplate } from './types';

/**
 * The active summary prompt, per language: its own module so the summary route bundles these two prompts only
 * (prompts/index.ts, which the AI engine reads, takes them from here).
 */
export const SUMMARY_PROMPTS: Record<Language, PromptTemplate> = { fr: summaryFrV1, en: summaryEnV1 };
