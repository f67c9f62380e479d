import { nextQuotaReset, quotaDay } from '../plans/quota-day';

/**
 * YouTube Data API quota: units per project per day, reset at midnight Pacific time
 * (https://developers.google.com/youtube/v3/determine_quota_cost). Every page of a list costs again, and
 * invalid requests cost too, so units are counted before the call.
 */
export const YOUTUBE_QUOTA_TIMEZONE = 'America/Los_Angeles';

export const YOUTUBE_UNIT_COSTS = {
  'commentThreads.list': 1,
  'activities.list': 1,
  'channels.list': 1,
  'comments.insert': 50,
} as const;

export type YouTubeOperation = keyof typeof YOUTUBE_UNIT_COSTS;

export const youtubeQuotaDay = (now: Date) => quotaDay(now, YOUTUBE_QUOTA_TIMEZONE);

export const youtubeQuotaResetsAt = (now: Date) => nextQuotaReset(now, YOUTUBE_QUOTA_TIMEZONE);
