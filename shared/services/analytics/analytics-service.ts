import {
  emptyFunnel,
  type FunnelCell,
  type FunnelCounts,
  resolveRange,
  sumCells,
} from '../../domain/analytics/funnel';
import { abStepIndex } from '../../domain/scenarios/ab-test';
import type { Scenario } from '../../domain/scenarios/scenario';
import type { FunnelStore } from './ports';

export interface VariantFunnel extends FunnelCounts {
  variantId: string;
  /** The version's share today (null: the version was removed from the scenario since). */
  weight: number | null;
}

export interface ScenarioFunnel extends FunnelCounts {
  scenarioId: string;
  /** null once the scenario was deleted (its numbers stay). */
  name: string | null;
  /** Each A/B version's funnel, in the scenario's order; empty without an A/B test. */
  variants: VariantFunnel[];
}

export interface PostFunnel extends FunnelCounts {
  mediaId: string;
}

export interface AnalyticsRange {
  from: string;
  to: string;
}

/**
 * GET /analytics/scenarios and /analytics/posts: the funnel cells of a date range (one Query), summed per
 * scenario or per post. Scenarios are listed with their current name and A/B weights (one more Query).
 */
export class AnalyticsService {
  constructor(
    private readonly cells: FunnelStore,
    private readonly scenarios: { list(workspaceId: string): Promise<Scenario[]> },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async byScenario(workspaceId: string, query: { from?: string; to?: string }) {
    const range = resolveRange(query, this.now());
    const [cells, scenarios] = await Promise.all([
      this.cells.cells(workspaceId, range.from, range.to),
      this.scenarios.list(workspaceId),
    ]);
    const sums = sumCells(cells, (cell) => cell.scenarioId);
    const known = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
    const items: ScenarioFunnel[] = [];
    // Every scenario of the workspace (zeros included, so a new one shows), then deleted ones that counted.
    const ids = [
      ...scenarios.map((scenario) => scenario.id),
      ...[...sums.keys()].filter((id) => !known.has(id)),
    ];
    for (const scenarioId of ids) {
      const scenario = known.get(scenarioId);
      const sum = sums.get(scenarioId);
      const tested = scenario ? (scenario.actions[abStepIndex(scenario.actions)]?.abVariants ?? []) : [];
      const variantIds = [
        ...tested.map((variant) => variant.id),
        ...[...(sum?.variants.keys() ?? [])].filter((id) => !tested.some((variant) => variant.id === id)),
      ];
      items.push({
        scenarioId,
        name: scenario?.name ?? null,
        ...(sum?.counts ?? emptyFunnel()),
        variants: variantIds.map((variantId) => ({
          variantId,
          weight: tested.find((variant) => variant.id === variantId)?.weight ?? null,
          ...(sum?.variants.get(variantId) ?? emptyFunnel()),
        })),
      });
    }
    return { ...range, items };
  }

  async byPost(workspaceId: string, query: { from?: string; to?: string }) {
    const range = resolveRange(query, this.now());
    const cells = await this.cells.cells(workspaceId, range.from, range.to);
    const sums = sumCells(cells, (cell: FunnelCell) => cell.mediaId);
    const items: PostFunnel[] = [...sums.entries()]
      .map(([mediaId, sum]) => ({ mediaId, ...sum.counts }))
      .sort((a, b) => b.triggered - a.triggered || a.mediaId.localeCompare(b.mediaId));
    return { ...range, items };
  }
}
