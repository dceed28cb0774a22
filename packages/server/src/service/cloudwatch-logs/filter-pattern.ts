// CloudWatch Logs filter patterns (FilterLogEvents' filterPattern), compiled once per call into a
// predicate on a message: terms (all must occur, `-term` must not, any `?term` may), quoted phrases, and
// JSON patterns `{ $.path = value && ($.n > 1 || $.s != "x*") }`. Space-delimited `[...]` patterns are not
// supported and refused by name. Matching is linear in the message; nothing here can run away.

import { ApiError } from '../errors.ts';

export type MessagePredicate = (message: string) => boolean;

const maxPatternLength = 1024;

function invalid(pattern: string, reason: string): ApiError {
  return new ApiError('InvalidParameterException', `Invalid filter pattern '${pattern}': ${reason}`);
}

/** The predicate for `pattern`; an empty or absent pattern matches every message. */
export function compileFilterPattern(pattern: string | undefined): MessagePredicate {
  const text = (pattern ?? '').trim();
  if (text.length > maxPatternLength)
    throw invalid(text.slice(0, 40), `longer than ${String(maxPatternLength)} characters`);
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw invalid(text, 'space-delimited patterns ([...]) are not supported by Stepwise');
  return compileTermPattern(text);
}

// ----- Term patterns -----

function compileTermPattern(pattern: string): MessagePredicate {
  const required: string[] = [];
  const excluded: string[] = [];
  const optional: string[] = [];
  for (const token of termTokens(pattern)) {
    if (token.startsWith('-') && token.length > 1) excluded.push(unquote(token.slice(1)));
    else if (token.startsWith('?') && token.length > 1) optional.push(unquote(token.slice(1)));
    else required.push(unquote(token));
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    !excluded.some((term) => message.includes(term)) &&
    (optional.length === 0 || optional.some((term) => message.includes(term)));
}

/** Splits on spaces, keeping a quoted phrase (with its prefix) whole. */
function termTokens(pattern: string): string[] {
  return pattern.match(/[-?]?"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function unquote(term: string): string {
  return term.startsWith('"') && term.endsWith('"') && term.length >= 2
    ? term.slice(1, -1).replace(/\\(.)/g, '$1')
    : term;
}

// ----- JSON patterns -----

type Comparison = { path: string[]; op: string; value: string | number | boolean | null; quoted: boolean };
type Expression = { and: Expression[] } | { or: Expression[] } | { test: Comparison };

function compileJsonPattern(pattern: string): MessagePredicate {
  if (!pattern.endsWith('}')) throw invalid(pattern, 'a JSON pattern ends with }');
  const parser = new JsonPatternParser(pattern, pattern.slice(1, -1));
  const expression = parser.parse();
  return (message) => {
    let document: unknown;
    try {
      document = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(expression, document);
  };
}

const tokenPattern =
  /\s*(?:(\$(?:\.[A-Za-z0-9_@-]+|\[\d+\])+)|(&&|\|\||!=|<=|>=|=|<|>|\(|\))|("(?:[^"\\]|\\.)*")|([^\s()&|=!<>]+))/y;

class JsonPatternParser {
  private readonly tokens: string[] = [];
  private position = 0;

  constructor(
    private readonly pattern: string,
    body: string,
  ) {
    let at = 0;
    while (body.slice(at).trim() !== '') {
      tokenPattern.lastIndex = at;
      const match = tokenPattern.exec(body);
      if (match === null) throw invalid(pattern, `unexpected text at '${body.slice(at).trim()}'`);
      this.tokens.push(match[0].trim());
      at = tokenPattern.lastIndex;
    }
  }

  parse(): Expression {
    const expression = this.or();
    if (this.position < this.tokens.length)
      throw invalid(this.pattern, `unexpected '${this.tokens[this.position] ?? ''}'`);
    return expression;
  }

  private or(): Expression {
    const terms = [this.and()];
    while (this.tokens[this.position] === '||') {
      this.position++;
      terms.push(this.and());
    }
    return terms.length === 1 ? (terms[0] as Expression) : { or: terms };
  }

  private and(): Expression {
    const terms = [this.primary()];
    while (this.tokens[this.position] === '&&') {
      this.position++;
      terms.push(this.primary());
    }
    return terms.length === 1 ? (terms[0] as Expression) : { and: terms };
  }

  private primary(): Expression {
    const token = this.tokens[this.position++];
    if (token === '(') {
      const inner = this.or();
      if (this.tokens[this.position++] !== ')') throw invalid(this.pattern, 'a ( is not closed');
      return inner;
    }
    if (token?.startsWith('$') !== true)
      throw invalid(this.pattern, `expected a $. selector, found '${token ?? 'the end'}'`);
    const op = this.tokens[this.position++] ?? '';
    if (!['=', '!=', '<', '>', '<=', '>='].includes(op))
      throw invalid(this.pattern, `expected a comparison after ${token}`);
    const raw = this.tokens[this.position++];
    if (raw === undefined || ['&&', '||', '(', ')'].includes(raw))
      throw invalid(this.pattern, `expected a value after ${token} ${op}`);
    return { test: { path: selectorPath(token), op, ...literal(raw) } };
  }
}

function selectorPath(selector: string): string[] {
  return [...selector.matchAll(/\.([A-Za-z0-9_@-]+)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? '');
}

function literal(raw: string): { value: Comparison['value']; quoted: boolean } {
  if (raw.startsWith('"')) return { value: unquote(raw), quoted: true };
  if (raw === 'NULL') return { value: null, quoted: false };
  if (raw === 'TRUE' || raw === 'FALSE') return { value: raw === 'TRUE', quoted: false };
  const number = Number(raw);
  return Number.isFinite(number) ? { value: number, quoted: false } : { value: raw, quoted: false };
}

function evaluate(expression: Expression, document: unknown): boolean {
  if ('and' in expression) return expression.and.every((term) => evaluate(term, document));
  if ('or' in expression) return expression.or.some((term) => evaluate(term, document));
  return compare(expression.test, select(document, expression.test.path));
}

function select(document: unknown, path: string[]): unknown {
  let value = document;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function compare(test: Comparison, actual: unknown): boolean {
  if (actual === undefined) return false;
  const { op, value } = test;
  if (op === '=' || op === '!=') {
    const equal = equals(actual, value, test.quoted);
    return op === '=' ? equal : !equal;
  }
  // Numbers compare as numbers; AWS's numeric operators do not apply to strings.
  const number = typeof actual === 'number' ? actual : typeof actual === 'string' ? Number(actual) : Number.NaN;
  if (typeof value !== 'number' || Number.isNaN(number)) return false;
  return op === '<' ? number < value : op === '>' ? number > value : op === '<=' ? number <= value : number >= value;
}

function equals(actual: unknown, value: Comparison['value'], quoted: boolean): boolean {
  if (value === null || typeof value === 'boolean') return actual === value;
  if (typeof value === 'number' && !quoted)
    return typeof actual === 'number' ? actual === value : Number(actual) === value;
  if (typeof actual !== 'string' && typeof actual !== 'number') return false;
  return globMatch(String(value), String(actual));
}

/** `*` matches any run of characters: the two-pointer match, O(pattern × text) at worst, no regular expression. */
function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
