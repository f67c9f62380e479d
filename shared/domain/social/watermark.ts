/**
 * A collector's incremental cursor: the newest creation time seen and the ids seen at exactly that time.
 * Platforms give creation times to the second, so "strictly newer than the last time" would drop a comment
 * posted in the same second as the last one collected; "same time but unseen id" keeps it, and already
 * collected ids at the boundary are skipped. Stored as a string in the account's collectCursor.
 */
export interface Watermark {
  /** Epoch milliseconds of the newest item collected. */
  time: number;
  ids: string[];
}

export interface Stamped {
  id: string;
  /** Epoch milliseconds. */
  time: number;
}

export function parseWatermark(cursor: string | null): Watermark | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as Partial<Watermark>;
    if (typeof value.time !== 'number' || !Array.isArray(value.ids)) return null;
    return { time: value.time, ids: value.ids.filter((id): id is string => typeof id === 'string') };
  } catch {
    return null;
  }
}

export function isNewerThan(watermark: Watermark | null, item: Stamped): boolean {
  if (!watermark) return true;
  return item.time > watermark.time || (item.time === watermark.time && !watermark.ids.includes(item.id));
}

/** The watermark after collecting `items` (unchanged when there are none). */
export function advanceWatermark(watermark: Watermark | null, items: Stamped[]): Watermark | null {
  let next = watermark ? { time: watermark.time, ids: [...watermark.ids] } : null;
  for (const item of items) {
    if (!next || item.time > next.time) next = { time: item.time, ids: [item.id] };
    else if (item.time === next.time && !next.ids.includes(item.id)) next.ids.push(item.id);
  }
  return next;
}

export const formatWatermark = (watermark: Watermark | null): string | null =>
  watermark ? JSON.stringify(watermark) : null;
