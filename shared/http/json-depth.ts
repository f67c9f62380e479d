/**
 * The deepest nesting a request body may have. JSON.parse itself copes with any depth, but what runs after it is
 * recursive (zod, the DEBUG body log and its redaction, JSON.stringify), and a 256 KB body can nest 100,000 levels
 * deep: far past the stack. No request of the API needs more than a handful of levels.
 */
export const MAX_JSON_DEPTH = 64;

/** True when the JSON text opens more than `max` arrays/objects at once (strings and escapes skipped). One pass. */
export function exceedsJsonDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
