// SDK values to JSON as Step Functions shows them: dates as ISO-8601 text, streamed bodies as their text,
// other binary values as base64, the SDK's own `$metadata` left out.

import type { JsonValue } from '@stepwise/core';

interface StreamingBody {
  transformToString(encoding?: string): Promise<string>;
}

function isStreamingBody(value: unknown): value is StreamingBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<StreamingBody>).transformToString === 'function'
  );
}

export async function toJson(value: unknown): Promise<JsonValue> {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (isStreamingBody(value)) return value.transformToString('utf8');
  if (Array.isArray(value)) return Promise.all(value.map((item) => toJson(item)));
  if (value instanceof Set) return Promise.all([...value].map((item) => toJson(item)));
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '$metadata' || item === undefined) continue;
      out[key] = await toJson(item);
    }
    return out;
  }
  if (typeof value === 'bigint') return Number(value);
  return value as JsonValue;
}

/** The parameters as an object (an SDK command takes one); anything else is an empty input. */
export function inputObject(value: JsonValue): Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

/** A JSON value sent where the service takes text (a message, an object body): strings as they are, the rest as JSON. */
export function asText(value: JsonValue | undefined): JsonValue | undefined {
  return value === undefined || typeof value === 'string' ? value : JSON.stringify(value);
}
