import {
  fairShareOf,
  type PollFacts,
  pollDue,
  pollingAllowance,
  YOUTUBE_UNIT_COSTS,
  type YouTubeOperation,
  type YouTubeSpendPurpose,
  youtubeQuotaDay,
  youtubeQuotaResetsAt,
} from '../../domain/social/youtube-quota';
import { activeAccounts } from '../social/active-accounts';
import type { SocialAccountStore } from '../social/ports';
import { ProviderRateLimitedError } from '../social/provider-errors';
import type { YouTubeCensus, YouTubeUnitLedger } from './ports';

export interface YouTubeBudgetOptions {
  /** The Google Cloud project's daily units (YOUTUBE_DAILY_QUOTA_UNITS; Google's default is 10,000). */
  dailyUnits: number;
  now?: () => Date;
  /** The census is taken again by the collector when older than this (one collect run). */
  censusMaxAgeMs?: number;
}

export interface YouTubeProjectQuota {
  day: string;
  unitsUsed: number;
  dailyLimit: number;
  /** Workspaces with an active YouTube channel, sharing the budget. */
  workspaces: number;
  /** The smallest workspace share (⌊budget / workspaces⌋). */
  sharePerWorkspace: number;
  /** Google answered quotaExceeded, or our count reached the budget: nobody calls YouTube until the reset. */
  paused: boolean;
  pausedAt: string | null;
  resetsAt: string;
}

export interface YouTubeWorkspaceQuota {
  unitsUsedToday: number;
  /** This workspace's fair share of the project's day. */
  dailyLimit: number;
  /** The part of the share the collector may use; the rest is kept for replies. */
  pollingLimit: number;
  resetsAt: string;
  project: Pick<YouTubeProjectQuota, 'unitsUsed' | 'dailyLimit' | 'workspaces' | 'paused' | 'pausedAt'>;
}

const TWO_DAYS_SECONDS = 2 * 24 * 3600;
const CENSUS_CACHE_MS = 60_000;

/**
 * One YouTube budget for the whole Google Cloud project, shared fairly: every unit is counted against the
 * workspace's fair share (equal caps that add up to the budget, by the census of workspaces with a channel), then
 * against the project's day (the hard limit for everyone). Polling stops short of the share so replies keep
 * room; Google's own 403 quotaExceeded fills the project's day, which pauses every workspace until the
 * Pacific-midnight reset without touching any account.
 */
export class YouTubeBudget {
  private readonly now: () => Date;
  private cached: { census: YouTubeCensus; at: number } | undefined;

  constructor(
    private readonly ledger: YouTubeUnitLedger,
    private readonly accounts: SocialAccountStore,
    private readonly options: YouTubeBudgetOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Counts the operation's units before the call; throws ProviderRateLimitedError (429) when they do not fit. */
  async spend(workspaceId: string, operation: YouTubeOperation, purpose: YouTubeSpendPurpose): Promise<void> {
    const now = this.now();
    const day = youtubeQuotaDay(now);
    const units = YOUTUBE_UNIT_COSTS[operation];
    const expiresAt = Math.floor(now.getTime() / 1000) + TWO_DAYS_SECONDS;
    const share = await this.shareOf(workspaceId);
    const limit = purpose === 'polling' ? pollingAllowance(share) : share;
    // The workspace's share first: a workspace past its share is refused there, so its extra calls never hold
    // project units that another workspace's call would then be refused for.
    if (!(await this.ledger.consumeWorkspace(workspaceId, day, units, limit, expiresAt)))
      throw this.exhausted(
        purpose === 'polling'
          ? `This workspace has used today’s YouTube collection units (${limit.toLocaleString('en-US')} of its ${share.toLocaleString('en-US')}-unit share; the rest is kept for replies); it resets at midnight Pacific time.`
          : `This workspace has used its YouTube quota for today (a ${share.toLocaleString('en-US')}-unit share of the project’s ${this.options.dailyUnits.toLocaleString('en-US')}); it resets at midnight Pacific time.`,
      );
    if (!(await this.ledger.consumeProject(day, units, this.options.dailyUnits, expiresAt))) {
      await this.ledger.releaseWorkspace(workspaceId, day, units);
      throw this.exhausted(
        'Flow IA’s YouTube API quota for today is used up for every workspace; it resets at midnight Pacific time.',
      );
    }
  }

  /** Google answered 403 quotaExceeded: the project's day is full for everyone until the reset. */
  async pause(): Promise<ProviderRateLimitedError> {
    const now = this.now();
    await this.ledger.pauseProject(
      youtubeQuotaDay(now),
      this.options.dailyUnits,
      now.toISOString(),
      Math.floor(now.getTime() / 1000) + TWO_DAYS_SECONDS,
    );
    return this.exhausted(
      'YouTube reports that Flow IA’s daily API quota is used up; collection and replies pause for every workspace until midnight Pacific time.',
    );
  }

  /**
   * Whether a channel is due for a poll now: not while the project is paused, and at the adaptive interval of
   * pollDue (quiet channels rarely, and never more often than the workspace's polling units allow until reset).
   */
  async pollDue(
    workspaceId: string,
    facts: Pick<PollFacts, 'lastPolledAt' | 'lastActivityAt' | 'unitsPerPoll'>,
  ): Promise<boolean> {
    const now = this.now();
    const day = youtubeQuotaDay(now);
    const project = await this.ledger.project(day);
    if (project.units >= this.options.dailyUnits) return false;
    const census = await this.census(true);
    const share = fairShareOf(this.options.dailyUnits, Object.keys(census.channels), workspaceId);
    const used = await this.ledger.workspaceUsed(workspaceId, day);
    return pollDue({
      ...facts,
      now: now.getTime(),
      pollingUnitsLeft: Math.min(pollingAllowance(share) - used, this.options.dailyUnits - project.units),
      channels: census.channels[workspaceId] ?? 1,
      resetsAt: youtubeQuotaResetsAt(now).getTime(),
    });
  }

  /** The project's day, for operators (/admin/status). */
  async projectQuota(): Promise<YouTubeProjectQuota> {
    const now = this.now();
    const day = youtubeQuotaDay(now);
    const project = await this.ledger.project(day);
    const workspaces = Object.keys((await this.census(false)).channels).length;
    return {
      day,
      unitsUsed: Math.min(project.units, this.options.dailyUnits),
      dailyLimit: this.options.dailyUnits,
      workspaces,
      sharePerWorkspace: Math.floor(this.options.dailyUnits / Math.max(1, workspaces)),
      paused: project.units >= this.options.dailyUnits,
      pausedAt: project.pausedAt,
      resetsAt: youtubeQuotaResetsAt(now).toISOString(),
    };
  }

  /** One workspace's share and use, with the project's state (GET /social-accounts/youtube/quota). */
  async workspaceQuota(workspaceId: string): Promise<YouTubeWorkspaceQuota> {
    const project = await this.projectQuota();
    const share = await this.shareOf(workspaceId);
    return {
      unitsUsedToday: await this.ledger.workspaceUsed(workspaceId, project.day),
      dailyLimit: share,
      pollingLimit: pollingAllowance(share),
      resetsAt: project.resetsAt,
      project: {
        unitsUsed: project.unitsUsed,
        dailyLimit: project.dailyLimit,
        workspaces: project.workspaces,
        paused: project.paused,
        pausedAt: project.pausedAt,
      },
    };
  }

  /** A channel was connected: who shares the budget changed, so the census is taken again now. */
  async recount(): Promise<void> {
    const census = await this.take();
    await this.ledger.saveCensus(census);
    this.cached = { census, at: this.now().getTime() };
  }

  private async shareOf(workspaceId: string): Promise<number> {
    const census = await this.census(false);
    return fairShareOf(this.options.dailyUnits, Object.keys(census.channels), workspaceId);
  }

  /**
   * Who shares the budget. The collector (`refresh`) takes it again from the connected accounts once it is older
   * than one collect run; everyone else reads the stored one (taken once if there is none yet).
   */
  private async census(refresh: boolean): Promise<YouTubeCensus> {
    const now = this.now().getTime();
    const maxAge = this.options.censusMaxAgeMs ?? 5 * 60_000;
    const stale = (census: YouTubeCensus) => now - Date.parse(census.takenAt) >= maxAge;
    if (this.cached && now - this.cached.at < CENSUS_CACHE_MS && !(refresh && stale(this.cached.census)))
      return this.cached.census;
    let census = await this.ledger.census();
    if (!census || (refresh && stale(census))) {
      census = await this.take();
      await this.ledger.saveCensus(census);
    }
    this.cached = { census, at: now };
    return census;
  }

  private async take(): Promise<YouTubeCensus> {
    const channels: Record<string, number> = {};
    for await (const account of activeAccounts(this.accounts, 'youtube'))
      channels[account.workspaceId] = (channels[account.workspaceId] ?? 0) + 1;
    return { takenAt: this.now().toISOString(), channels };
  }

  private exhausted(message: string): ProviderRateLimitedError {
    const now = this.now();
    const seconds = Math.ceil((youtubeQuotaResetsAt(now).getTime() - now.getTime()) / 1000);
    return new ProviderRateLimitedError('youtube', seconds, message);
  }
}
