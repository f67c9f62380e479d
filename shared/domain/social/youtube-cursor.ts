import { formatWatermark, parseWatermark, type Watermark } from './watermark';

/**
 * The YouTube collector's cursor (the account's collectCursor): the comment watermark, plus what adaptive polling
 * and reply completion need between runs — when the channel was last polled, what that poll cost, and the reply
 * count of each recent thread whose replies were fetched in full (so an unchanged thread is not fetched again).
 * It extends the watermark's JSON, so a cursor written before this shape still reads as a watermark.
 */
export interface YouTubeCursor {
  watermark: Watermark | null;
  /** Epoch ms of the last poll, null before the first. */
  polledAt: number | null;
  /** Units the last poll spent (at least 1). */
  unitsPerPoll: number;
  /** Thread id → totalReplyCount when its replies were last fetched with comments.list. */
  replyCounts: Record<string, number>;
}

/** Threads remembered for reply completion; older ones fall out (their replies were fetched already). */
export const MAX_REMEMBERED_THREADS = 200;

export function parseYouTubeCursor(cursor: string | null): YouTubeCursor {
  const watermark = parseWatermark(cursor);
  let extra: { polledAt?: unknown; units?: unknown; replies?: unknown } = {};
  try {
    extra = cursor ? (JSON.parse(cursor) as typeof extra) : {};
  } catch {
    extra = {};
  }
  const replyCounts: Record<string, number> = {};
  if (extra.replies && typeof extra.replies === 'object')
    for (const [id, count] of Object.entries(extra.replies as Record<string, unknown>))
      if (typeof count === 'number' && Number.isInteger(count) && count >= 0) replyCounts[id] = count;
  return {
    watermark,
    polledAt: typeof extra.polledAt === 'number' ? extra.polledAt : null,
    unitsPerPoll: typeof extra.units === 'number' && extra.units >= 1 ? extra.units : 1,
    replyCounts,
  };
}

/** Keeps the remembered threads bounded: the ones listed in `recent` (newest first) win. */
export function formatYouTubeCursor(cursor: YouTubeCursor, recent: readonly string[] = []): string | null {
  const watermark = formatWatermark(cursor.watermark);
  if (!watermark && cursor.polledAt === null) return null;
  const kept = [...new Set([...recent, ...Object.keys(cursor.replyCounts)])]
    .filter((id) => cursor.replyCounts[id] !== undefined)
    .slice(0, MAX_REMEMBERED_THREADS);
  return JSON.stringify({
    ...(watermark ? JSON.parse(watermark) : { time: 0, ids: [] }),
    polledAt: cursor.polledAt,
    units: cursor.unitsPerPoll,
    replies: Object.fromEntries(kept.map((id) => [id, cursor.replyCounts[id]])),
  });
}
