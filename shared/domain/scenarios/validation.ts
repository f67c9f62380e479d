import { stepsProblems } from './actions';
import { type KeywordRule, keywordProblem } from './keyword-match';
import type { Scenario } from './scenario';

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

/** The action list's rules (Meta's message limits across fields, what each action may carry). */
export function stepListProblems(scenario: Pick<Scenario, 'trigger' | 'actions'>): ScenarioProblem[] {
  return stepsProblems(scenario.actions, scenario.trigger);
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
