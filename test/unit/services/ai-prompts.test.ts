import { describe, expect, it } from 'vitest';
import { ACTIVE_PROMPTS, renderTemplate, versionIdOf } from '../../../shared/services/ai/prompts';
import { PROMPT_IDS } from '../../../shared/services/ai/prompts/types';

describe('Module: prompts', () => {
  it('has a French and an English version of every prompt, with distinct version ids', () => {
    const ids = PROMPT_IDS.flatMap((id) =>
      (['fr', 'en'] as const).map((lang) => versionIdOf(ACTIVE_PROMPTS[id][lang])),
    );
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    for (const id of PROMPT_IDS) {
      expect(ACTIVE_PROMPTS[id].fr).toMatchObject({ id, language: 'fr' });
      expect(ACTIVE_PROMPTS[id].en).toMatchObject({ id, language: 'en' });
    }
  });

  it('keeps user text inside delimiters and tells the model it is data', () => {
    for (const id of PROMPT_IDS)
      for (const lang of ['fr', 'en'] as const) {
        const template = ACTIVE_PROMPTS[id][lang];
        expect(template.user).toMatch(/<(message|conversation)>/);
        expect(template.system).toMatch(/consigne|instructions/);
      }
  });

  it('renders every slot and refuses a missing one', () => {
    expect(renderTemplate('Bonjour {{name}} !', { name: 'Léa' })).toBe('Bonjour Léa !');
    expect(() => renderTemplate('{{missing}}', {})).toThrow(/missing/);
  });
});
