import { randomUUID } from 'node:crypto';
import { byPriority } from '../../domain/scenarios/matching';
import type { Scenario } from '../../domain/scenarios/scenario';
import { scenarioProblems } from '../../domain/scenarios/validation';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import type { CreateScenarioInput, UpdateScenarioInput } from '../../schemas/scenarios';
import type { ScenarioStore } from './ports';

export const MAX_SCENARIOS = 100;

export type ScenarioView = Omit<Scenario, 'workspaceId'>;
const view = ({ workspaceId: _, ...rest }: Scenario): ScenarioView => rest;

/** Cursor of the scenario list: the position after the last item returned (the list is small and sorted). */
const encodeOffset = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ValidationError('The cursor is invalid.', [{ path: 'cursor', message: 'invalid' }]);
  return Number(match[1]);
}

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
    const scenario: Scenario = { id: randomUUID(), workspaceId, ...input, createdAt: at, updatedAt: at };
    await this.store.create(scenario);
    return view(scenario);
  }

  async list(
    workspaceId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: ScenarioView[]; nextCursor: string | null }> {
    const offset = decodeOffset(page.cursor);
    const all = (await this.store.list(workspaceId)).sort(byPriority);
    const items = all.slice(offset, offset + page.limit).map(view);
    return { items, nextCursor: offset + page.limit < all.length ? encodeOffset(offset + page.limit) : null };
  }

  async get(workspaceId: string, scenarioId: string): Promise<ScenarioView> {
    const scenario = await this.store.get(workspaceId, scenarioId);
    if (!scenario) throw new NotFoundError('Scenario not found.');
    return view(scenario);
  }

  async update(workspaceId: string, scenarioId: string, changes: UpdateScenarioInput): Promise<ScenarioView> {
    const current = await this.store.get(workspaceId, scenarioId);
    if (!current) throw new NotFoundError('Scenario not found.');
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const next: Scenario = { ...current, ...defined, updatedAt: this.now().toISOString() };
    const problems = scenarioProblems(next);
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
