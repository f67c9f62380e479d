import { describe, expect, it } from 'vitest';
import { fitReply, replyLimit } from '../../../shared/domain/messages/reply-limits';

describe('Function: replyLimit', () => {
  it('takes each platform’s limit where it is below the engine’s 1,000 characters', () => {
    expect(replyLimit('instagram', 'dm')).toBe(1000);
    expect(replyLimit('instagram', 'comment')).toBe(1000);
    expect(replyLimit('tiktok', 'comment')).toBe(150);
    expect(replyLimit('youtube', 'comment')).toBe(1000);
    expect(replyLimit('facebook', 'dm')).toBe(1000);
    expect(replyLimit('linkedin', 'dm')).toBe(1000);
  });
});

describe('Function: fitReply', () => {
  it('leaves a text within the limit unchanged', () => {
    expect(fitReply('Merci ! 🙏', 150)).toBe('Merci ! 🙏');
  });

  it('cuts at a sentence end when one keeps at least half, else at a word with an ellipsis', () => {
    // Prepare
    const sentences = `${'Nous livrons en France. '.repeat(6)}Et ailleurs aussi sur demande précise.`;
    const words = 'mot '.repeat(60);

    // Act
    const bySentence = fitReply(sentences, 150);
    const byWord = fitReply(words, 150);

    // Assess
    expect(bySentence.length).toBeLessThanOrEqual(150);
    expect(bySentence).toMatch(/France\.$/);
    expect([...byWord].length).toBeLessThanOrEqual(150);
    expect(byWord).toMatch(/mot…$/);
  });

  it('counts code points, so an emoji is never split', () => {
    // Act
    const fitted = fitReply('😍'.repeat(200), 150);

    // Assess
    expect([...fitted]).toHaveLength(150);
    expect(fitted.endsWith('…')).toBe(true);
    expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
