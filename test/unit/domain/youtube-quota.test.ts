import { describe, expect, it } from 'vitest';
import { formatYouTubeCursor, parseYouTubeCursor } from '../../../shared/domain/social/youtube-cursor';
import {
  fairShareOf,
  type PollFacts,
  pollDue,
  pollIntervalMs,
  pollingAllowance,
  youtubeQuotaResetsAt,
} from '../../../shared/domain/social/youtube-quota';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('Function: fairShareOf', () => {
  it('gives equal caps that add up to exactly the budget, the remainder to the first ids in order', () => {
    // Prepare
    const ids = ['ws-c', 'ws-a', 'ws-b'];

    // Act
    const shares = ids.map((id) => fairShareOf(10_000, ids, id));

    // Assess
    expect(shares).toEqual([3333, 3334, 3333]);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(10_000);
  });

  it('counts a workspace missing from the census in, and gives one alone the whole budget', () => {
    // Act
    const newcomer = fairShareOf(10_000, ['ws-a', 'ws-b', 'ws-c'], 'ws-d');
    const alone = fairShareOf(10_000, [], 'ws-a');

    // Assess
    expect(newcomer).toBe(2500);
    expect(alone).toBe(10_000);
  });
});

describe('Function: pollingAllowance', () => {
  it('keeps two replies’ worth (100 units) of a share out of polling, never more than half of it', () => {
    // Act + Assess
    expect(pollingAllowance(10_000)).toBe(9_900);
    expect(pollingAllowance(150)).toBe(75);
    expect(pollingAllowance(101)).toBe(51);
    expect(pollingAllowance(1)).toBe(1);
    expect(pollingAllowance(0)).toBe(0);
  });
});

describe('Function: pollIntervalMs', () => {
  const now = Date.parse('2026-03-02T20:00:00Z'); // 12:00 in Los Angeles: 12 hours to the reset
  const facts = (overrides: Partial<PollFacts> = {}): PollFacts => ({
    now,
    lastPolledAt: now - 5 * MINUTE,
    lastActivityAt: now - 10 * MINUTE,
    unitsPerPoll: 1,
    pollingUnitsLeft: 5_000,
    channels: 1,
    resetsAt: youtubeQuotaResetsAt(new Date(now)).getTime(),
    ...overrides,
  });

  it('slows a channel down the longer it stays quiet', () => {
    // Act
    const intervals = [10 * MINUTE, 3 * HOUR, 3 * 24 * HOUR, 30 * 24 * HOUR].map((quiet) =>
      pollIntervalMs(facts({ lastActivityAt: now - quiet })),
    );

    // Assess: every run (only the budget's floor: 12 h over 5,000 polls), 15 minutes, hourly, every 4 hours.
    expect(intervals).toEqual([(12 * HOUR) / 5_000, 15 * MINUTE, HOUR, 4 * HOUR]);
  });

  it('stretches the interval so the polls left fit the units left before midnight Pacific', () => {
    // Act: 12 hours left; 6 units for 2 channels at 1 unit a poll = 3 polls; 2-unit polls, 1 channel = 3 polls.
    const tight = pollIntervalMs(facts({ pollingUnitsLeft: 6, channels: 2 }));
    const dearer = pollIntervalMs(facts({ pollingUnitsLeft: 6, unitsPerPoll: 2 }));
    const broke = pollIntervalMs(facts({ pollingUnitsLeft: 1, unitsPerPoll: 2 }));

    // Assess
    expect(tight).toBe(4 * HOUR);
    expect(dearer).toBe(4 * HOUR);
    expect(broke).toBeNull();
  });
});

describe('Function: pollDue', () => {
  const now = Date.parse('2026-07-01T16:00:00Z');
  const base: PollFacts = {
    now,
    lastPolledAt: null,
    lastActivityAt: now - 2 * 24 * HOUR,
    unitsPerPoll: 1,
    pollingUnitsLeft: 1_000,
    channels: 1,
    resetsAt: youtubeQuotaResetsAt(new Date(now)).getTime(),
  };

  it('polls a channel never polled, then again once its interval passed (a minute early still counts)', () => {
    // Act + Assess
    expect(pollDue(base)).toBe(true);
    expect(pollDue({ ...base, lastPolledAt: now - 30 * MINUTE })).toBe(false);
    expect(pollDue({ ...base, lastPolledAt: now - 59 * MINUTE })).toBe(true);
    expect(pollDue({ ...base, pollingUnitsLeft: 0 })).toBe(false);
  });
});

describe('Function: parseYouTubeCursor', () => {
  it('reads a plain watermark written before polling state existed', () => {
    // Act
    const cursor = parseYouTubeCursor(JSON.stringify({ time: 5, ids: ['a'] }));

    // Assess
    expect(cursor).toEqual({
      watermark: { time: 5, ids: ['a'] },
      polledAt: null,
      unitsPerPoll: 1,
      replyCounts: {},
    });
    expect(parseYouTubeCursor(null)).toEqual({
      watermark: null,
      polledAt: null,
      unitsPerPoll: 1,
      replyCounts: {},
    });
    expect(parseYouTubeCursor('{"time":1,"ids":[],"replies":{"t":-1,"u":2},"units":0}')).toMatchObject({
      replyCounts: { u: 2 },
      unitsPerPoll: 1,
    });
  });

  it('round-trips through the stored string, keeping the recent threads first and at most 200', () => {
    // Prepare
    const replyCounts = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`old-${i}`, i]));
    replyCounts.recent = 9;

    // Act
    const stored = formatYouTubeCursor(
      { watermark: { time: 7, ids: ['x'] }, polledAt: 1000, unitsPerPoll: 3, replyCounts },
      ['recent'],
    );
    const back = parseYouTubeCursor(stored);

    // Assess
    expect(back.watermark).toEqual({ time: 7, ids: ['x'] });
    expect(back.polledAt).toBe(1000);
    expect(back.unitsPerPoll).toBe(3);
    expect(Object.keys(back.replyCounts)).toHaveLength(200);
    expect(back.replyCounts.recent).toBe(9);
  });
});
