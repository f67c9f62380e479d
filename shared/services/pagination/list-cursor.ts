import { ValidationError } from '../../errors';

/**
 * List cursors bound to the list and the workspace that issued them. A cursor is base64url JSON
 * `{ v, l: list, w: workspaceId, p: position }`, opaque to clients; on the way back it must name the same list and
 * workspace, and its position must have exactly the shape that list produces (checked by the caller's `accepts`).
 * Anything else (a cursor of another workspace or another list, an edited one, garbage) is a 400 naming `cursor`,
 * never a DynamoDB error turned into a 500 and never a read outside the caller's list. Not signed: a position that
 * passes the checks is a position in the caller's own list, which the caller may read anyway.
 */
export interface CursorBinding<P> {
  /** The list's name, e.g. `notifications`, `deliveries`, `scenarios`. */
  list: string;
  workspaceId: string;
  /** Returns the position if `value` is one this list could have produced for this workspace, else undefined. */
  accepts(value: unknown): P | undefined;
}

const VERSION = 2;

export class InvalidCursorError extends ValidationError {
  override name = 'InvalidCursorError';
  constructor() {
    super(
      'The cursor is invalid for this list: pass the nextCursor of the previous page of this same list.',
      [{ path: 'cursor', message: 'not a cursor of this list' }],
    );
  }
}

export function encodeListCursor<P>(binding: CursorBinding<P>, position: P | undefined): string | null {
  if (position === undefined) return null;
  return Buffer.from(
    JSON.stringify({ v: VERSION, l: binding.list, w: binding.workspaceId, p: position }),
  ).toString('base64url');
}

/** undefined for no cursor (the first page); throws InvalidCursorError for one this list did not issue. */
export function decodeListCursor<P>(binding: CursorBinding<P>, cursor: string | undefined): P | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) throw new InvalidCursorError();
  if (Object.keys(decoded).sort().join(',') !== 'l,p,v,w') throw new InvalidCursorError();
  const { v, l, w, p } = decoded as Record<string, unknown>;
  if (v !== VERSION || l !== binding.list || w !== binding.workspaceId) throw new InvalidCursorError();
  const position = binding.accepts(p);
  if (position === undefined) throw new InvalidCursorError();
  return position;
}

/**
 * `accepts` for a DynamoDB key: exactly these attribute names, every value a non-empty string, and each fixed
 * attribute equal to its expected value (the workspace's partition, the list's index partition).
 */
export function dynamoKeyOf(
  attributes: readonly string[],
  fixed: Record<string, string>,
  extra: (key: Record<string, string>) => boolean = () => true,
): (value: unknown) => Record<string, string> | undefined {
  const expected = [...attributes].sort().join(',');
  return (value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const key = value as Record<string, unknown>;
    if (Object.keys(key).sort().join(',') !== expected) return undefined;
    if (!Object.values(key).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024))
      return undefined;
    const strings = key as Record<string, string>;
    if (!Object.entries(fixed).every(([name, v]) => strings[name] === v)) return undefined;
    return extra(strings) ? strings : undefined;
  };
}
