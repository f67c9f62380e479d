/**
 * The Meta collector's position, stored on the account as JSON: per stream, the newest time already queued and
 * the ids seen at exactly that time (Graph times have one-second resolution, so two comments can share one).
 * An item is new when it is later than `since`, or at `since` with an id not yet seen.
 */
export interface StreamPosition {
  since: string | null;
  ids: string[];
}

export interface CollectCursor {
  comments: StreamPosition;
  messages: StreamPosition;
}

const empty = (): StreamPosition => ({ since: null, ids: [] });

export function parseCollectCursor(cursor: string | null): CollectCursor {
  if (!cursor) return { comments: empty(), messages: empty() };
  try {
    const parsed = JSON.parse(cursor) as Partial<CollectCursor>;
    return { comments: parsed.comments ?? empty(), messages: parsed.messages ?? empty() };
  } catch {
    return { comments: empty(), messages: empty() };
  }
}

export function isNew(position: StreamPosition, time: string, id: string): boolean {
  if (!position.since || time > position.since) return true;
  return time === position.since && !position.ids.includes(id);
}

export function advance(
  position: StreamPosition,
  found: Array<{ id: string; time: string }>,
): StreamPosition {
  let { since, ids } = position;
  for (const item of found) {
    if (!since || item.time > since) {
      since = item.time;
      ids = [item.id];
    } else if (item.time === since && !ids.includes(item.id)) ids = [...ids, item.id];
  }
  return { since, ids };
}
