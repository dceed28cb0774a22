// String and JSON intrinsics: States.Format, StringSplit, JsonToString, StringToJson, JsonMerge.

import { tooDeep } from '../../json/json-depth.ts';
import type { JsonValue } from '../../json/json-value.ts';
import { javaJson, javaToString } from '../java-json.ts';
import { intrinsicFailure, objectArg, stringArg, type IntrinsicFunction } from './arguments.ts';

/**
 * Fills the `{}` gaps between `parts` with the arguments as Java's toString renders them
 * (strings bare, objects as `{a=1}`); the count must match exactly.
 */
export function formatParts(parts: readonly string[], values: readonly JsonValue[]): string {
  if (parts.length - 1 !== values.length) {
    throw intrinsicFailure(
      'States.Format',
      `the template has ${parts.length - 1} placeholder(s) but ${values.length} value(s) were given`,
    );
  }
  let text = parts[0] ?? '';
  for (const [index, value] of values.entries()) text += javaToString(value) + (parts[index + 1] ?? '');
  return text;
}

export const stringFunctions: Readonly<Record<string, IntrinsicFunction>> = {
  'States.Format': {
    arity: [1, Infinity],
    // A template from a path has no escapes; a literal template is pre-split when compiled.
    call: (args) => formatParts(stringArg('States.Format', args, 0).split('{}'), args.slice(1)),
  },
  'States.StringSplit': {
    arity: [2, 2],
    call(args) {
      const text = stringArg('States.StringSplit', args, 0);
      const delimiters = new Set(Array.from(stringArg('States.StringSplit', args, 1)));
      return splitOnAny(text, delimiters);
    },
  },
  'States.JsonToString': { arity: [1, 1], call: (args) => javaJson(args[0] as JsonValue) },
  'States.StringToJson': {
    arity: [1, 1],
    call(args) {
      const text = stringArg('States.StringToJson', args, 0);
      // Jackson reads blank text as no value, which AWS returns as null.
      if (text.trim() === '') return null;
      const deep = tooDeep(text);
      if (deep !== undefined) throw intrinsicFailure('States.StringToJson', `the string holds ${deep}`);
      try {
        return JSON.parse(text, (_key, value: unknown) => (Object.is(value, -0) ? 0 : value)) as JsonValue;
      } catch {
        throw intrinsicFailure('States.StringToJson', `the string is not valid JSON: ${text}`);
      }
    },
  },
  'States.JsonMerge': {
    arity: [3, 3],
    call(args) {
      const name = 'States.JsonMerge';
      const left = objectArg(name, args, 0);
      const right = objectArg(name, args, 1);
      if (args[2] !== false) {
        throw intrinsicFailure(
          name,
          `argument 3 must be false (only shallow merge is supported), but was ${javaJson(args[2] ?? null)}`,
        );
      }
      return { ...left, ...right };
    },
  },
};

/** Splits on every character in `delimiters` and drops the empty pieces, as AWS does. */
function splitOnAny(text: string, delimiters: ReadonlySet<string>): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of text) {
    if (!delimiters.has(char)) {
      piece += char;
    } else if (piece !== '') {
      pieces.push(piece);
      piece = '';
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}
