import { nextQuotaReset, quotaDay } from '../plans/quota-day';

/**
 * YouTube Data API quota: units per Google Cloud **project** per day (10,000 by default, shared by every user of
 * the app), reset at midnight Pacific time; every page of a list costs again and invalid requests cost at least
 * one unit, so units are counted before the call (https://developers.google.com/youtube/v3/determine_quota_cost).
 * Flow IA is one project for every workspace, so the day's budget is split into fair shares (below).
 */
export const YOUTUBE_QUOTA_TIMEZONE = 'America/Los_Angeles';

export const YOUTUBE_UNIT_COSTS = {
  'commentThreads.list': 1,
  'comments.list': 1,
  'activities.list': 1,
  'channels.list': 1,
  'comments.insert': 50,
} as const;

export type YouTubeOperation = keyof typeof YOUTUBE_UNIT_COSTS;

/**
 * Who spends the units: a person (a reply sent by the workflow or a route, a page opened in the dashboard, a
 * connect) or the background collector. Polling may never eat the part of a share kept for replies.
 */
export type YouTubeSpendPurpose = 'interactive' | 'polling';

export const youtubeQuotaDay = (now: Date) => quotaDay(now, YOUTUBE_QUOTA_TIMEZONE);

export const youtubeQuotaResetsAt = (now: Date) => nextQuotaReset(now, YOUTUBE_QUOTA_TIMEZONE);

/**
 * Equal caps that add up to exactly the budget: ⌊budget / n⌋ each, and the remainder one unit each to the first
 * workspaces in id order (so every container computes the same caps from the same list). A workspace missing from
 * the list (connected since the list was taken) is counted in, so it gets a share too.
 */
export function fairShareOf(budget: number, workspaceIds: readonly string[], workspaceId: string): number {
  const ids = [...new Set([...workspaceIds, workspaceId])].sort();
  const base = Math.floor(budget / ids.length);
  return base + (ids.indexOf(workspaceId) < budget % ids.length ? 1 : 0);
}

/** Replies kept out of reach of polling in every share: two replies' worth, never more than half the share. */
export const REPLY_RESERVE_REPLIES = 2;

/** The part of a share the collector may spend: replies come before polling. */
export function pollingAllowance(share: number): number {
  const reserve = Math.min(
    REPLY_RESERVE_REPLIES * YOUTUBE_UNIT_COSTS['comments.insert'],
    Math.floor(share / 2),
  );
  return Math.max(0, share - reserve);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How often a channel is looked at, by how long it has been quiet: a channel with comments in the last hour at
 * every run of the collect schedule (every 5 minutes), idle ones ever more rarely.
 */
export const POLL_TIERS: ReadonlyArray<{ quietFor: number; every: number }> = [
  { quietFor: HOUR, every: 0 },
  { quietFor: DAY, every: 15 * MINUTE },
  { quietFor: 7 * DAY, every: HOUR },
  { quietFor: Number.POSITIVE_INFINITY, every: 4 * HOUR },
];

/** The collect schedule runs every 5 minutes with jitter: a run a little early still counts as due. */
export const POLL_SLACK_MS = MINUTE;

export interface PollFacts {
  now: number;
  /** When this channel was last polled (null: never). */
  lastPolledAt: number | null;
  /** The newest comment collected, or the connection time: how long the channel has been quiet. */
  lastActivityAt: number;
  /** Units the channel's last poll cost (threads pages and reply pages), at least 1. */
  unitsPerPoll: number;
  /** Polling units the workspace has left today. */
  pollingUnitsLeft: number;
  /** Channels of the workspace that share those units. */
  channels: number;
  /** The Pacific-midnight reset, epoch ms. */
  resetsAt: number;
}

/**
 * Milliseconds between two polls of a channel: the quiet-time tier, stretched so the workspace's polls still fit in
 * its polling units until the reset. null: no poll can be afforded before the reset.
 */
export function pollIntervalMs(facts: PollFacts): number | null {
  const quiet = Math.max(0, facts.now - facts.lastActivityAt);
  const tier = (POLL_TIERS.find((t) => quiet < t.quietFor) ?? POLL_TIERS.at(-1)!).every;
  const perPoll = Math.max(1, facts.unitsPerPoll) * Math.max(1, facts.channels);
  const affordable = Math.floor(facts.pollingUnitsLeft / perPoll);
  if (affordable < 1) return null;
  return Math.max(tier, Math.ceil((facts.resetsAt - facts.now) / affordable));
}

/** Whether the channel should be polled now. */
export function pollDue(facts: PollFacts): boolean {
  const interval = pollIntervalMs(facts);
  if (interval === null) return false;
  if (facts.lastPolledAt === null) return true;
  return facts.now - facts.lastPolledAt + POLL_SLACK_MS >= interval;
}
