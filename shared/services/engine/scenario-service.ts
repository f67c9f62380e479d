import { randomUUID } from 'node:crypto';
import { type ScenarioStep, stepOf } from '../../domain/scenarios/actions';
import { followUpProblems } from '../../domain/scenarios/follow-ups';
import { byPriority } from '../../domain/scenarios/matching';
import type { Scenario } from '../../domain/scenarios/scenario';
import {
  inShortForm,
  keywordRuleProblems,
  postScopeProblems,
  scenarioProblems,
  stepListProblems,
} from '../../domain/scenarios/validation';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import type { CreateScenarioInput, UpdateScenarioInput } from '../../schemas/scenarios';
import { type CursorBinding, decodeListCursor, encodeListCursor } from '../pagination/list-cursor';
import type { ScenarioStore } from './ports';

export const MAX_SCENARIOS = 100;

/** The API's scenario: the stored one, plus the first action as `action` / `message` for clients written before lists. */
export type ScenarioView = Omit<Scenario, 'workspaceId'> & Pick<ScenarioStep, 'action' | 'message'>;
const view = ({ workspaceId: _, ...rest }: Scenario): ScenarioView => ({
  ...rest,
  action: rest.actions[0]!.action,
  message: rest.actions[0]!.message,
});

/**
 * An update's actions: a new list replaces the old one; the short form (`action` and/or `message`) changes the
 * first action and keeps the others.
 */
function mergedActions(current: Scenario, changes: UpdateScenarioInput): ScenarioStep[] {
  if (changes.actions) return changes.actions;
  if (changes.action === undefined && changes.message === undefined) return current.actions;
  const [first, ...others] = current.actions;
  return [
    stepOf({
      ...first!,
      ...(changes.action !== undefined ? { action: changes.action } : {}),
      ...(changes.message !== undefined ? { message: changes.message } : {}),
    }),
    ...others,
  ];
}

/** Cursor of the scenario list: the position after the last item returned (the list is small and sorted). */
const scenarioCursor = (workspaceId: string): CursorBinding<number> => ({
  list: 'scenarios',
  workspaceId,
  accepts: (value) =>
    Number.isInteger(value) && (value as number) > 0 && (value as number) <= MAX_SCENARIOS
      ? (value as number)
      : undefined,
});

/** Scenarios CRUD (CONTRACT.md "Scenarios"), workspace-scoped by construction (every key is under WS#). */
export class ScenarioService {
  constructor(
    private readonly store: ScenarioStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(workspaceId: string, input: CreateScenarioInput): Promise<ScenarioView> {
    const existing = await this.store.list(workspaceId);
    if (existing.length >= MAX_SCENARIOS)
      throw new ConflictError(`A workspace can have at most ${MAX_SCENARIOS} scenarios.`);
    const at = this.now().toISOString();
    const { nextPost, ...fields } = input;
    const scenario: Scenario = {
      id: randomUUID(),
      workspaceId,
      ...fields,
      // Armed now: the next post is the first one published after this moment.
      nextPost: nextPost ? { after: at, mediaId: null } : null,
      createdAt: at,
      updatedAt: at,
    };
    await this.store.create(scenario);
    return view(scenario);
  }

  async list(
    workspaceId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: ScenarioView[]; nextCursor: string | null }> {
    const cursor = scenarioCursor(workspaceId);
    const offset = decodeListCursor(cursor, page.cursor) ?? 0;
    const all = (await this.store.list(workspaceId)).sort(byPriority);
    const items = all.slice(offset, offset + page.limit).map(view);
    const next = offset + page.limit < all.length ? offset + page.limit : undefined;
    return { items, nextCursor: encodeListCursor(cursor, next) };
  }

  async get(workspaceId: string, scenarioId: string): Promise<ScenarioView> {
    const scenario = await this.store.get(workspaceId, scenarioId);
    if (!scenario) throw new NotFoundError('Scenario not found.');
    return view(scenario);
  }

  async update(workspaceId: string, scenarioId: string, changes: UpdateScenarioInput): Promise<ScenarioView> {
    const current = await this.store.get(workspaceId, scenarioId);
    if (!current) throw new NotFoundError('Scenario not found.');
    const { action: _action, message: _message, actions: _actions, nextPost, ...fields } = changes;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const at = this.now().toISOString();
    const next: Scenario = {
      ...current,
      ...defined,
      actions: mergedActions(current, changes),
      // true keeps a target already armed (or resolved); only turning it on arms it, from now.
      nextPost:
        nextPost === undefined
          ? current.nextPost
          : nextPost
            ? (current.nextPost ?? { after: at, mediaId: null })
            : null,
      updatedAt: at,
    };
    const steps = stepListProblems(next);
    const problems = [
      ...scenarioProblems(next),
      ...(changes.actions ? steps : inShortForm(steps)),
      ...keywordRuleProblems(next),
      ...postScopeProblems(next),
      ...followUpProblems(next),
    ];
    if (problems.length > 0)
      throw new ValidationError(`Invalid body: ${problems.map((p) => p.path).join(', ')}.`, problems);
    await this.store.replace(next);
    return view(next);
  }

  async remove(workspaceId: string, scenarioId: string): Promise<void> {
    if (!(await this.store.remove(workspaceId, scenarioId))) throw new NotFoundError('Scenario not found.');
  }

  /** Every scenario of the workspace, for the workflow's scenario engine. */
  async forMatching(workspaceId: string): Promise<Scenario[]> {
    return this.store.list(workspaceId);
  }
}
