/**
 * The local stage's dead letters: the port the local workflow runner (or any local consumer) calls when a
 * message has failed for good, and that /admin/status and /health read. Kept on globalThis, like the broker, so
 * every module instance in the process sees one list; capped so a failing loop cannot grow it without bound.
 */
export interface LocalDeadLetter {
  queue: string;
  messageId: string | null;
  correlationId: string | null;
  error: string;
  failedAt: string;
}

const MAX_KEPT = 200;
const holder = globalThis as { __flowiaDeadLetters?: LocalDeadLetter[] };
holder.__flowiaDeadLetters ??= [];

export function recordLocalDeadLetter(entry: LocalDeadLetter): void {
  const list = holder.__flowiaDeadLetters as LocalDeadLetter[];
  list.push(entry);
  if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
}

/** Newest first. */
export function localDeadLetters(): LocalDeadLetter[] {
  return [...(holder.__flowiaDeadLetters as LocalDeadLetter[])].reverse();
}

export function clearLocalDeadLetters(): void {
  (holder.__flowiaDeadLetters as LocalDeadLetter[]).length = 0;
}
