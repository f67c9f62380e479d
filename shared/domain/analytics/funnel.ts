import { saneEmail } from '../leads/email';
import { detectPhone, normalisePhone } from '../leads/phone';

/**
 * The funnel of a scenario (and of a post): what happened to the messages it answered. Every number counts
 * triggers of one scenario, each at most once, on the day the scenario was triggered (UTC): a reading two weeks
 * later still adds to the day of the comment, so "of last week's comments, how many answered, how many won"
 * reads straight from the range.
 *
 *   triggered         a message matched the scenario and its decision was taken (sent now, or waiting for
 *                     the quota / a follow-up)
 *   repliedPublicly   the public reply under the comment went out
 *   sent              the DM (private reply, or a reply in a DM thread) went out
 *   delivered         Meta confirmed the DM reached the person (a delivery receipt, or a read: read implies it)
 *   read              the person opened the DM (Meta's read receipt)
 *   answered          the person wrote back in DM after it
 *   contactCaptured   the person gave a phone number or an email address after it
 *   won               the lead was marked won after it
 *
 * The later steps (delivered … won) are credited to the lead's last scenario DM (last touch).
 */
export const FUNNEL_COUNTERS = [
  'triggered',
  'repliedPublicly',
  'sent',
  'delivered',
  'read',
  'answered',
  'contactCaptured',
  'won',
] as const;
export type FunnelCounter = (typeof FUNNEL_COUNTERS)[number];
export type FunnelCounts = Record<FunnelCounter, number>;

export const emptyFunnel = (): FunnelCounts =>
  Object.fromEntries(FUNNEL_COUNTERS.map((counter) => [counter, 0])) as FunnelCounts;

/** The counters' attribute for one A/B version: `sent#B`. */
export const variantCounter = (counter: FunnelCounter, variantId: string) => `${counter}#${variantId}`;

/** The analytics day of an instant: its UTC calendar day. */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** Days are YYYY-MM-DD; a range reads from `from` to `to`, both included. */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A range reads one item per (day, scenario, post) that had activity: bounded so one request stays small. */
export const MAX_RANGE_DAYS = 92;
export const DEFAULT_RANGE_DAYS = 30;

const MS_PER_DAY = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00.000Z`) / MS_PER_DAY;

/** A real calendar day (2026-02-30 is not one). */
export const isDay = (value: string): boolean =>
  DAY.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00.000Z`)) &&
  dayOf(`${value}T00:00:00.000Z`) === value;

/** What is wrong with a range, in words, or null. */
export function rangeProblem(from: string, to: string): { path: 'from' | 'to'; message: string } | null {
  const span = dayNumber(to) - dayNumber(from) + 1;
  if (span < 1) return { path: 'to', message: `to (${to}) is before from (${from})` };
  if (span > MAX_RANGE_DAYS)
    return { path: 'to', message: `the range spans ${span} days: at most ${MAX_RANGE_DAYS}` };
  return null;
}

/** The range a request reads: what it gives, the rest a DEFAULT_RANGE_DAYS span (ending today without either). */
export function resolveRange(query: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const shift = (day: string, days: number) =>
    new Date((dayNumber(day) + days) * MS_PER_DAY).toISOString().slice(0, 10);
  const to = query.to ?? (query.from ? shift(query.from, DEFAULT_RANGE_DAYS - 1) : dayOf(now.toISOString()));
  const from = query.from ?? shift(to, -(DEFAULT_RANGE_DAYS - 1));
  return { from, to };
}

/** What an action that went out counts as: a public reply under a comment, or a DM (a reply in a DM thread too). */
export const sendCounter = (
  action: 'reply' | 'dm' | 'private_reply',
  kind: string,
): 'repliedPublicly' | 'sent' => (action === 'reply' && kind === 'comment' ? 'repliedPublicly' : 'sent');

/** Whether a message gives a phone number or an email address (typed, or a one-tap quick reply's payload). */
export function givesContact(message: { text: string; payload: string | null }): boolean {
  const tapped = message.payload ?? '';
  const tappedPhone = /^[+\d\s().-]{6,}$/.test(tapped) ? normalisePhone(tapped) : null;
  return (
    tappedPhone !== null ||
    saneEmail(tapped) !== null ||
    detectPhone(message.text) !== null ||
    saneEmail(message.text) !== null
  );
}

/** One stored cell: the counts of one scenario on one post (or none: `mediaId` null) on one day. */
export interface FunnelCell {
  day: string;
  scenarioId: string;
  mediaId: string | null;
  counts: FunnelCounts;
  /** Each A/B version's counts, by version id. */
  variants: Record<string, FunnelCounts>;
}

const addInto = (into: FunnelCounts, from: FunnelCounts) => {
  for (const counter of FUNNEL_COUNTERS) into[counter] += from[counter];
};

/** The cells of a range summed per key (a scenario, or a post), variants included. */
export function sumCells(
  cells: readonly FunnelCell[],
  keyOf: (cell: FunnelCell) => string | null,
): Map<string, { counts: FunnelCounts; variants: Map<string, FunnelCounts> }> {
  const sums = new Map<string, { counts: FunnelCounts; variants: Map<string, FunnelCounts> }>();
  for (const cell of cells) {
    const key = keyOf(cell);
    if (key === null) continue;
    let sum = sums.get(key);
    if (!sum) {
      sum = { counts: emptyFunnel(), variants: new Map() };
      sums.set(key, sum);
    }
    addInto(sum.counts, cell.counts);
    for (const [variantId, counts] of Object.entries(cell.variants)) {
      let variant = sum.variants.get(variantId);
      if (!variant) {
        variant = emptyFunnel();
        sum.variants.set(variantId, variant);
      }
      addInto(variant, counts);
    }
  }
  return sums;
}
