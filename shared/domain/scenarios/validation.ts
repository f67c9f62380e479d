import { type KeywordRule, keywordProblem } from './keyword-match';
import { isPostScoped, type PostScope } from './post-scope';
import type { Scenario } from './scenario';
import { unknownPlaceholders } from './template';

export interface ScenarioProblem {
  path: string;
  message: string;
}

/** Rules that span fields, checked on create and on the merged result of an update. */
export function scenarioProblems(
  scenario: Pick<Scenario, 'trigger' | 'action' | 'message'>,
): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const sends =
    scenario.action === 'reply' || scenario.action === 'dm' || scenario.action === 'private_reply';
  if (!sends && scenario.message !== null)
    problems.push({ path: 'message', message: `a ${scenario.action} scenario sends nothing: use null` });
  if (scenario.action === 'private_reply' && scenario.trigger !== 'comment' && scenario.trigger !== 'any')
    problems.push({ path: 'action', message: 'a private reply answers a comment: use the comment trigger' });
  // Meta documents only a public reply to a comment mention (POST /{ig-user-id}/mentions).
  if (scenario.trigger === 'mention' && scenario.action === 'dm')
    problems.push({
      path: 'action',
      message: 'a mention is answered publicly: use reply, handover or ignore',
    });
  if (scenario.message !== null) {
    const unknown = unknownPlaceholders(scenario.message);
    if (unknown.length > 0)
      problems.push({
        path: 'message',
        message: `unknown placeholder(s) ${unknown.map((n) => `{{${n}}}`).join(', ')}: use {{firstName}} or {{username}}`,
      });
  }
  return problems;
}

/** Keywords that could never match, and `all` without keywords (checked on create and on the merged update). */
export function keywordRuleProblems(rule: Partial<KeywordRule>): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  (rule.keywords ?? []).forEach((keyword, index) => {
    const problem = keywordProblem(keyword);
    if (problem) problems.push({ path: `keywords.${index}`, message: problem });
  });
  if (rule.keywordsRequired === 'all' && (rule.keywords ?? []).length === 0)
    problems.push({ path: 'keywordsRequired', message: '"all" needs at least one keyword' });
  return problems;
}

/**
 * A post scope answers comments: specific posts and the next post are exclusive choices, and a scoped or live-only
 * scenario needs a trigger that accepts comments (checked on create and on the merged update).
 */
export function postScopeProblems(
  scenario: Pick<Scenario, 'trigger'> & Pick<PostScope, 'mediaIds' | 'liveComments'> & { nextPost: unknown },
): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const nextPost = Boolean(scenario.nextPost);
  if (nextPost && scenario.mediaIds.length > 0)
    problems.push({
      path: 'nextPost',
      message: 'choose specific posts (mediaIds) or the next post, not both',
    });
  const commentTrigger = scenario.trigger === 'comment' || scenario.trigger === 'any';
  if (
    !commentTrigger &&
    isPostScoped({ ...scenario, nextPost: nextPost ? { after: '', mediaId: null } : null })
  )
    problems.push({
      path: nextPost ? 'nextPost' : 'mediaIds',
      message: 'a post scope answers comments: use the comment trigger',
    });
  if (!commentTrigger && scenario.liveComments === 'only')
    problems.push({ path: 'liveComments', message: 'live comments are comments: use the comment trigger' });
  return problems;
}
