// Regular expressions matched in linear time (RE2's automata, through the pure-JS re2js), so that a
// pattern such as /^(a+)+$/ cannot stall the engine: JSONata's regexes and JSONPath's `=~` filters use it.
// Lookaround and backreferences, which no linear-time engine runs, are refused with an error saying so.

import { RE2JS } from 're2js';

/** A pattern the linear-time engine cannot run. */
export class UnsupportedRegexError extends Error {
  constructor(source: string, reason: string) {
    super(
      `The regular expression /${source}/ is not supported (Stepwise runs regular expressions in linear time, ` +
        `without lookaround or backreferences): ${reason}`,
    );
    this.name = 'UnsupportedRegexError';
  }
}

/** Compiles a JavaScript pattern and its flags (`i`, `m`, `s`; others change nothing here). */
export function compileLinearRegex(source: string, flags: string): RE2JS {
  let options = 0;
  if (flags.includes('i')) options |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) options |= RE2JS.MULTILINE;
  if (flags.includes('s')) options |= RE2JS.DOTALL;
  try {
    return RE2JS.compile(RE2JS.translateRegExp(source), options);
  } catch (error) {
    throw new UnsupportedRegexError(source, error instanceof Error ? error.message : String(error));
  }
}

/**
 * The RegExp that jsonata's evaluator expects of its RegexEngine option: built from the RegExp jsonata
 * parsed, searched with `exec` from `lastIndex`, which a match moves past it and a miss resets to 0, as
 * a global RegExp does.
 */
export class LinearRegExp {
  lastIndex = 0;
  private readonly pattern: RE2JS;

  constructor(regex: RegExp) {
    this.pattern = compileLinearRegex(regex.source, regex.flags);
  }

  exec(text: string): RegExpExecArray | null {
    const matcher = this.pattern.matcher(text);
    if (this.lastIndex > text.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: string[] = [];
    for (let group = 0; group <= matcher.groupCount(); group++) {
      // A group that took no part in the match is undefined, as in a RegExp's result.
      groups.push(matcher.group(group) ?? (undefined as unknown as string));
    }
    this.lastIndex = matcher.end();
    return Object.assign(groups, { index: matcher.start(), input: text, groups: undefined }) as RegExpExecArray;
  }
}
