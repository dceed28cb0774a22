// The nesting bound of AWS's JSON parser, checked on text before it is parsed: data nested deeper is
// refused with an error that says so, instead of overflowing the stack of a recursive walk later.

/** Levels of arrays and objects AWS's parser accepts (Jackson's default bound: see docs/choices.md). */
export const maxJsonDepth = 1_000;

/**
 * How deeply JSON text nests its arrays and objects (0 for a scalar); the scan stops once past `limit`,
 * so the answer is at most `limit + 1`. Text that is not JSON gets a meaningless but finite answer.
 */
export function jsonDepth(text: string, limit = maxJsonDepth): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return deepest;
}

/** Why JSON text is refused, or undefined when it nests within `maxJsonDepth`. */
export function tooDeep(text: string): string | undefined {
  return jsonDepth(text) > maxJsonDepth ? `JSON nested more than ${maxJsonDepth} levels deep` : undefined;
}
