// Payloads: a JSON value with its text. Input text is kept verbatim (as AWS records it) until a state
// produces a new value; new values are serialised once, compactly, as AWS does.

import { StatesErrors, type Failure } from '../asl/errors.ts';
import type { JsonValue } from '../json/json-value.ts';
import type { Payload } from './types.ts';

export function payloadOf(value: JsonValue): Payload {
  return { value, text: JSON.stringify(value) };
}

/** Parses JSON text that the engine was given (execution input, task output). */
export function payloadFromText(text: string): Payload {
  return { value: JSON.parse(text) as JsonValue, text };
}

/** The payload for `value`, reusing `previous.text` when the value is the very same object or primitive. */
export function derivePayload(previous: Payload, value: JsonValue): Payload {
  return value === previous.value ? previous : payloadOf(value);
}

/**
 * JSON text without the whitespace between its tokens, each token as written: what Step Functions records
 * for a task's input that no InputPath or Parameters changed (compact, `0.0` still `0.0`).
 */
export function compactJsonText(text: string): string {
  if (!/\s/.test(text)) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (inString) {
      out += char;
      if (char === '\\') out += text.charAt(++i);
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') {
      out += char;
    }
  }
  return out;
}

/**
 * The array of several outputs (Parallel branches, Map iterations). AWS joins the outputs' texts, so a
 * branch that passed its input through unchanged keeps that input's spacing.
 */
export function arrayPayload(items: readonly (Payload | null)[]): Payload {
  const values = items.map((item) => item?.value ?? null);
  const text = `[${items.map((item) => item?.text ?? 'null').join(',')}]`;
  return { value: values, text };
}

/** UTF-8 size of a JSON text, for AWS's 256 KiB payload limit. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export const maxPayloadBytes = 256 * 1024;

/** Whether a JSON text is over the payload limit; a short text (3 bytes at most per unit) is not scanned. */
export function exceedsPayloadLimit(text: string): boolean {
  return text.length * 3 > maxPayloadBytes && utf8Length(text) > maxPayloadBytes;
}

/** AWS's failure for a state or task result over the 256 KiB payload limit. */
export function dataLimitExceeded(name: string): Failure {
  return {
    error: StatesErrors.DataLimitExceeded,
    cause: `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
  };
}
