import { abTestProblems } from './ab-test';
import { hasRichContent, META_LIMITS, type MessageButton, type ScenarioStep, stepSends } from './actions';
import { type KeywordRule, keywordProblem } from './keyword-match';
import { isPostScoped, type PostScope } from './post-scope';
import type { Scenario, ScenarioTrigger } from './scenario';
import { unknownPlaceholders } from './template';

export interface ScenarioProblem {
  path: string;
  message: string;
}

/** Rules that span fields, checked on create and on the merged result of an update. */
export function scenarioProblems(scenario: Pick<Scenario, 'trigger' | 'payload'>): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  if (scenario.trigger === 'postback' && scenario.payload === null)
    problems.push({
      path: 'payload',
      message: 'a postback scenario answers one button or quick reply: give its payload',
    });
  if (scenario.trigger !== 'postback' && scenario.payload !== null)
    problems.push({ path: 'payload', message: 'payload belongs to the postback trigger: use null' });
  return problems;
}

export const MAX_ACTIONS_BYTES = 64 * 1024;

/**
 * The action list's rules (Meta's message limits across fields, what each action may carry). Quick replies,
 * buttons and cards are Meta's (Instagram and Facebook): a scenario for another platform cannot carry them; one
 * for `any` platform sends their text alone where the platform has none.
 */
export function stepListProblems(
  scenario: Pick<Scenario, 'trigger' | 'actions'> & Partial<Pick<Scenario, 'platform'>>,
): ScenarioProblem[] {
  const problems = stepsProblems(scenario.actions, scenario.trigger);
  // The scenario is one DynamoDB item (400 KB at most) and rides in the workflow's state (256 KB): bounded well
  // below both, whatever combination of cards, buttons and wordings fits Meta's own limits.
  const size = new TextEncoder().encode(JSON.stringify(scenario.actions)).length;
  if (size > MAX_ACTIONS_BYTES)
    problems.push({
      path: 'actions',
      message: `the actions take ${Math.ceil(size / 1024)} KB: at most ${MAX_ACTIONS_BYTES / 1024} KB (fewer cards, shorter URLs)`,
    });
  const platform = scenario.platform ?? 'any';
  if (!['instagram', 'facebook', 'any'].includes(platform))
    scenario.actions.forEach((step, index) => {
      if (hasRichContent(step))
        problems.push({
          path: `actions.${index}`,
          message: `quick replies, buttons and cards are Instagram and Facebook messages: ${platform} sends text only`,
        });
    });
  return problems;
}

/**
 * Problems of a scenario written with the short form (`action` + `message`) named by the fields the client
 * sent: `actions.0.message` → `message`.
 */
export const inShortForm = (problems: ScenarioProblem[]): ScenarioProblem[] =>
  problems.map((problem) => ({ ...problem, path: problem.path.replace(/^actions\.0\./, '') }));

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
 * Rules across a step's fields and across the list (checked on create and on the merged update): Meta's rules
 * for what a message can carry, and what the workflow can send for this trigger.
 */
export function stepsProblems(steps: ScenarioStep[], trigger: ScenarioTrigger): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [...abTestProblems(steps, trigger)];
  const add = (path: string, message: string) => problems.push({ path, message });
  const alone = steps.findIndex((step) => !stepSends(step.action));
  if (alone !== -1 && steps.length > 1)
    add(
      `actions.${alone}.action`,
      `${steps[alone]!.action} stands alone: it cannot be combined with other actions`,
    );
  if (steps.filter((step) => step.action === 'private_reply').length > 1)
    add('actions', 'Meta allows one private reply per comment: keep a single private_reply action');
  steps.forEach((step, index) => {
    const at = (field: string) => `actions.${index}.${field}`;
    const sends = stepSends(step.action);
    if (!sends && (step.message !== null || step.variants.length > 0 || hasRichContent(step)))
      add(at('message'), `a ${step.action} action sends nothing: use null`);
    if (step.action === 'private_reply' && trigger !== 'comment' && trigger !== 'any')
      add(at('action'), 'a private reply answers a comment: use the comment trigger');
    // Meta documents only a public reply to a comment mention (POST /{ig-user-id}/mentions).
    if (step.action === 'dm' && trigger === 'mention')
      add(at('action'), 'a mention is answered publicly: use reply, handover or ignore');
    if (step.capture) {
      if (!sends) add(at('capture'), `a ${step.action} action asks nothing: use null`);
      else if (step.action === 'reply' && (trigger === 'comment' || trigger === 'mention'))
        add(
          at('capture'),
          'an email or phone is asked in private: put capture on a dm or private_reply action (or a reply to a DM trigger)',
        );
      else if (step.message === null && step.elements.length === 0)
        add(at('message'), `a step that asks for the ${step.capture} says so: write its message`);
    }
    if (step.message === null && step.variants.length > 0)
      add(at('variants'), 'variants are other wordings of message: write message first');
    for (const [i, text] of [step.message, ...step.variants].entries()) {
      if (text === null) continue;
      const unknown = unknownPlaceholders(text);
      if (unknown.length > 0)
        add(
          i === 0 ? at('message') : at(`variants.${i - 1}`),
          `unknown placeholder(s) ${unknown.map((n) => `{{${n}}}`).join(', ')}: use {{firstName}} or {{username}}`,
        );
    }
    if (!hasRichContent(step)) return;
    if (step.action === 'reply' && (trigger === 'comment' || trigger === 'any' || trigger === 'mention'))
      add(
        at('action'),
        'a public reply under a comment is plain text: put quick replies, buttons and cards on a dm or private_reply action (or a reply to a DM trigger)',
      );
    const kinds = [step.quickReplies, step.buttons, step.elements].filter((list) => list.length > 0).length;
    if (kinds > 1)
      add(
        at('quickReplies'),
        'one message carries quick replies, buttons or cards, not several of them: split them into two actions',
      );
    if (step.elements.length > 0 && (step.message !== null || step.variants.length > 0))
      add(at('message'), 'a card (generic template) carries its words in its elements: use null');
    if (
      step.buttons.length > 0 &&
      step.message !== null &&
      step.message.length > META_LIMITS.buttonTemplateText
    )
      add(
        at('message'),
        `Meta's button template text is at most ${META_LIMITS.buttonTemplateText} characters`,
      );
    step.quickReplies.forEach((reply, i) => {
      if (reply.type === 'text' && (!reply.title || !reply.payload))
        add(at(`quickReplies.${i}`), 'a text quick reply needs a title and a payload');
      if (reply.type !== 'text' && (reply.title !== null || reply.payload !== null))
        add(
          at(`quickReplies.${i}`),
          `a ${reply.type} quick reply is filled by Meta from the person's profile: give no title nor payload`,
        );
    });
    for (const [i, button] of step.buttons.entries()) buttonProblems(button, at(`buttons.${i}`), add);
    for (const [e, element] of step.elements.entries()) {
      // "At least one property must be set in addition to title" (generic template reference).
      if (!element.subtitle && !element.imageUrl && !element.url && element.buttons.length === 0)
        add(
          at(`elements.${e}`),
          'Meta needs a card to have a subtitle, an image, a url or buttons besides its title',
        );
      for (const [i, button] of element.buttons.entries())
        buttonProblems(button, at(`elements.${e}.buttons.${i}`), add);
    }
  });
  return problems;
}

function buttonProblems(button: MessageButton, path: string, add: (path: string, message: string) => void) {
  if (button.type === 'postback' && (!button.payload || button.url !== null))
    add(path, 'a postback button needs a payload (and no url)');
  if (button.type === 'web_url' && (!button.url || button.payload !== null))
    add(path, 'a web_url button needs a url (and no payload)');
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
