// StringMatches patterns: `*` matches any run of characters (none included); `\*` and `\\` match a literal `*` and
// `\`. Compiled once into literal segments and matched without regular expressions, so no pattern can backtrack.

export type StringMatcher = (value: string) => boolean;

/**
 * Compiles a StringMatches pattern. Nothing but `*` is special. A backslash makes the next character literal (the
 * specification defines `\*` and `\\`; any other escaped character stands for itself); a trailing backslash is literal.
 *
 * @example
 * compileStringMatches('log-*.txt')('log-2024.txt'); // true
 * compileStringMatches('a\\*b')('a*b'); // true: the JSON text "a\\\\*b"
 */
export function compileStringMatches(pattern: string): StringMatcher {
  const segments = splitOnWildcards(pattern);
  if (segments.length === 1) {
    const only = segments[0] ?? '';
    return (value) => value === only;
  }
  return (value) => matchSegments(segments, value);
}

/** The literal text between unescaped `*`s: n wildcards give n + 1 segments (some possibly empty). */
function splitOnWildcards(pattern: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '\\' && i + 1 < pattern.length) {
      i++;
      current += pattern.charAt(i);
    } else if (char === '*') {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

/** Prefix and suffix are anchored; the middle segments are found left to right, each at its earliest place. */
function matchSegments(segments: readonly string[], value: string): boolean {
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  if (first.length + last.length > value.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] ?? '';
    const found = value.indexOf(segment, position);
    if (found === -1 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}
