import { planOf } from '../../domain/plans/catalog';
import type { NotifyInput } from '../notifications/notification-service';
import type { AiBudget, AiBudgetReservation, TokenUsage } from './ports';

/** This month's counters of one workspace, as stored. */
export interface AiMonthUsage {
  /** Tokens reserved by calls in flight plus tokens billed: what the budget compares against. */
  reservedTokens: number;
  /** Tokens billed (prompt + completion), only ever growing. */
  usedTokens: number;
  promptTokens: number;
  completionTokens: number;
  calls: number;
}

/** Port of the monthly counters: every change is one atomic update of one item per workspace and month. */
export interface AiBudgetStore {
  /** Adds `tokens` to the reserved total only if it stays ≤ `limit`; false when refused. */
  reserve(
    workspaceId: string,
    month: string,
    tokens: number,
    limit: number,
    expiresAt: number,
  ): Promise<boolean>;
  /**
   * Moves a settled call's numbers: the reserved total by `reservedDelta` (negative: unused tokens given back),
   * the usage counters by `usage` (null: nothing billed), `calls` by one when `usage` is given. Returns the
   * billed total before and after.
   */
  settle(
    workspaceId: string,
    month: string,
    reservedDelta: number,
    usage: TokenUsage | null,
  ): Promise<{ usedBefore: number; usedAfter: number }>;
  read(workspaceId: string, month: string): Promise<AiMonthUsage>;
}

export interface AiBudgetDeps {
  store: AiBudgetStore;
  /** The workspace's stored plan id (undefined: freemium, as everywhere). */
  planOf: (workspaceId: string) => Promise<string | undefined>;
  notify: (workspaceId: string, input: NotifyInput) => Promise<unknown>;
  now?: () => Date;
}

/** The share of the budget at which the owners are told once a month. */
export const WARNING_SHARE = 0.8;

/** "2026-12": budgets are per calendar month in UTC. */
export const budgetMonth = (at: Date) => at.toISOString().slice(0, 7);
/** The first instant of the next UTC month. */
export const nextMonthStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));

/**
 * The plan's monthly AI budget (plan catalog `aiTokensPerMonth`), per workspace and UTC month:
 *
 *   reserve(ceiling) ── reserved + ceiling ≤ budget ? ──no──▶ null (the engine answers with rules)
 *        │ yes (one conditional ADD: concurrent calls never pass the budget together)
 *        ▼
 *   model call ──▶ settle(usage): reserved −= ceiling − used · used += used · calls += 1
 *                  └─ used crossed 80 % of the budget ──▶ one `ai_budget_warning` notification this month
 *
 * A call's ceiling bounds what it can be billed, so the billed total never passes the budget either.
 */
export class AiBudgetService implements AiBudget {
  private readonly now: () => Date;

  constructor(private readonly deps: AiBudgetDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async reserve(workspaceId: string, tokens: number): Promise<AiBudgetReservation | null> {
    const limit = planOf(await this.deps.planOf(workspaceId)).aiTokensPerMonth;
    const at = this.now();
    const month = budgetMonth(at);
    // Kept a month after it ends, for GET /billing/usage of the month just closed to stay readable a while.
    const expiresAt = Math.floor(nextMonthStart(nextMonthStart(at)).getTime() / 1000);
    const reserved = await this.deps.store.reserve(workspaceId, month, tokens, limit, expiresAt);
    return reserved ? { workspaceId, month, tokens, limit } : null;
  }

  async settle(reservation: AiBudgetReservation, usage: TokenUsage | null): Promise<void> {
    const billed = usage ? Math.min(reservation.tokens, usage.promptTokens + usage.completionTokens) : null;
    const { workspaceId, month } = reservation;
    const { usedBefore, usedAfter } = await this.deps.store.settle(
      workspaceId,
      month,
      billed === null ? 0 : billed - reservation.tokens,
      usage,
    );
    const { limit } = reservation;
    const threshold = limit * WARNING_SHARE;
    // `used` only grows, so exactly one settle crosses the threshold; the dedupe key holds it to one anyway.
    if (limit > 0 && usedBefore < threshold && usedAfter >= threshold)
      await this.deps.notify(workspaceId, {
        kind: 'ai_budget_warning',
        title: 'AI budget 80 % used',
        body: `This workspace has used ${Math.round((usedAfter / limit) * 100)} % of this month's AI budget (${limit.toLocaleString('en')} tokens). Past it, replies are written by the rule engine until ${nextMonthStart(this.now()).toISOString().slice(0, 10)}.`,
        dedupeKey: `ai_budget_warning:${month}`,
      });
  }

  async release(reservation: AiBudgetReservation): Promise<void> {
    await this.deps.store.settle(reservation.workspaceId, reservation.month, -reservation.tokens, null);
  }

  /** This month's figures for GET /billing/usage. */
  async usage(workspaceId: string, plan: string | undefined) {
    const at = this.now();
    const limit = planOf(plan).aiTokensPerMonth;
    const month = await this.deps.store.read(workspaceId, budgetMonth(at));
    return {
      tokensPerMonth: limit,
      tokensUsed: month.usedTokens,
      promptTokens: month.promptTokens,
      completionTokens: month.completionTokens,
      calls: month.calls,
      tokensLeft: Math.max(0, limit - month.reservedTokens),
      resetsAt: nextMonthStart(at).toISOString(),
    };
  }
}
