import type { Language } from '../ports';

export const PROMPT_IDS = ['reply', 'extract-phone', 'classify', 'follow-up', 'summary'] as const;
export type PromptId = (typeof PROMPT_IDS)[number];

/**
 * One versioned prompt in one language. Changing the wording means adding a new file with the next version
 * (reply.fr.v2.ts) and pointing prompts/index.ts at it (prompts/summary.ts for the summary, which the summary
 * route imports alone): the version is part of the cache key, so old cached
 * answers are never served for a new prompt, and a regression can be rolled back by one import.
 * Templates use {{placeholders}}; values are inserted verbatim (user text stays inside its delimiters).
 */
export interface PromptTemplate {
  id: PromptId;
  language: Language;
  version: number;
  system: string;
  user: string;
}

/** "reply.fr.v1": stored with every answer and part of the cache key. */
export const versionIdOf = (template: PromptTemplate) =>
  `${template.id}.${template.language}.v${template.version}`;

/** Fills {{name}} slots; an unknown slot is a programming error, so it throws rather than sending "{{x}}". */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Prompt slot {{${name}}} has no value`);
    return value;
  });
}
