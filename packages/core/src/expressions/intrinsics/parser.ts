// Parses an intrinsic call such as `States.Format('{} x', $.a, States.UUID())` into a syntax tree.

import type { JsonValue } from '../../json/json-value.ts';
import { Cursor, isIdentifierChar } from '../cursor.ts';
import { parseFilter } from '../jsonpath-filter.ts';
import { parseRoot, parseSteps } from '../jsonpath-parser.ts';

export type IntrinsicArgument =
  | { kind: 'literal'; value: JsonValue; formatParts?: readonly string[] }
  | { kind: 'path'; text: string }
  | { kind: 'call'; call: IntrinsicCallSyntax };

export interface IntrinsicCallSyntax {
  /** Full name, e.g. `States.Format`. */
  readonly name: string;
  readonly args: readonly IntrinsicArgument[];
}

/** Parses a whole field value; throws PathSyntaxError naming the problem. */
export function parseIntrinsic(text: string): IntrinsicCallSyntax {
  const cursor = new Cursor(text);
  cursor.skipSpaces();
  const call = parseCall(cursor);
  cursor.skipSpaces();
  if (!cursor.atEnd()) cursor.fail('Expected the end of the intrinsic function call');
  return call;
}

/** Whether a `.$` field value is an intrinsic call rather than a path. */
export function looksLikeIntrinsic(text: string): boolean {
  return text.trimStart().startsWith('States.');
}

function parseCall(cursor: Cursor): IntrinsicCallSyntax {
  if (!cursor.startsWith('States.')) cursor.fail("Expected an intrinsic function name starting with 'States.'");
  const start = cursor.pos;
  cursor.pos += 'States.'.length;
  while (isIdentifierChar(cursor.peek())) cursor.pos += 1;
  const name = cursor.text.slice(start, cursor.pos);
  if (name === 'States.') cursor.fail('Expected an intrinsic function name');
  cursor.skipSpaces();
  cursor.expect('(');
  cursor.skipSpaces();
  const args: IntrinsicArgument[] = [];
  if (cursor.eat(')')) return { name, args };
  for (;;) {
    cursor.skipSpaces();
    args.push(parseArgument(cursor));
    cursor.skipSpaces();
    if (cursor.eat(')')) return { name, args };
    if (!cursor.eat(',')) cursor.fail(`Expected ',' or ')' in the arguments of ${name}`);
  }
}

function parseArgument(cursor: Cursor): IntrinsicArgument {
  const char = cursor.peek();
  if (char === "'") return parseString(cursor);
  if (char === '$') {
    const start = cursor.pos;
    parseRoot(cursor, false);
    parseSteps(cursor, parseFilter);
    return { kind: 'path', text: cursor.text.slice(start, cursor.pos) };
  }
  if (cursor.startsWith('States.')) return { kind: 'call', call: parseCall(cursor) };
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (cursor.eat(word)) return { kind: 'literal', value };
  }
  const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(cursor.text.slice(cursor.pos));
  if (match === null) return cursor.fail('Expected a string, number, boolean, null, path or intrinsic call');
  cursor.pos += match[0].length;
  return { kind: 'literal', value: Number(match[0]) };
}

/**
 * A single-quoted string. Only \' \{ \} and \\ are escapes (AWS rejects any other backslash);
 * an escaped brace is a literal brace, so `formatParts` (the text around unescaped `{}`) is kept too.
 */
function parseString(cursor: Cursor): IntrinsicArgument {
  cursor.expect("'");
  const parts: string[] = [];
  let segment = '';
  for (;;) {
    if (cursor.atEnd()) cursor.fail("Expected a closing ' for the string");
    const char = cursor.peek();
    if (char === "'") break;
    if (char === '\\') {
      const escaped = cursor.peek(1);
      if (!"'{}\\".includes(escaped) || escaped === '') cursor.fail("Expected one of \\' \\{ \\} \\\\ as escape");
      segment += escaped;
      cursor.pos += 2;
    } else if (char === '{' && cursor.peek(1) === '}') {
      parts.push(segment);
      segment = '';
      cursor.pos += 2;
    } else {
      segment += char;
      cursor.pos += 1;
    }
  }
  cursor.pos += 1;
  parts.push(segment);
  return { kind: 'literal', value: parts.join('{}'), formatParts: parts };
}
