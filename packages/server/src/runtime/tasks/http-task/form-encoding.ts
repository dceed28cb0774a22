// `Transform.RequestBodyEncoding: URL_ENCODED`: a JSON RequestBody as application/x-www-form-urlencoded, with
// arrays written as `RequestEncodingOptions.ArrayFormat` says (INDICES when absent) and nested objects as
// `outer[inner]=...`.

import type { JsonValue } from '@stepwise/core';

export type ArrayFormat = 'BRACKETS' | 'COMMAS' | 'INDICES' | 'REPEAT';

export const arrayFormats: readonly ArrayFormat[] = ['BRACKETS', 'COMMAS', 'INDICES', 'REPEAT'];

export function formEncode(body: Record<string, JsonValue>, format: ArrayFormat): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(body)) addPairs(pairs, key, value, format);
  return pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

function addPairs(pairs: [string, string][], key: string, value: JsonValue, format: ArrayFormat): void {
  if (Array.isArray(value)) {
    if (format === 'COMMAS') {
      pairs.push([key, value.map(scalarText).join(',')]);
      return;
    }
    value.forEach((item, index) => {
      const itemKey = format === 'INDICES' ? `${key}[${index}]` : format === 'BRACKETS' ? `${key}[]` : key;
      addPairs(pairs, itemKey, item, format);
    });
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [inner, item] of Object.entries(value)) addPairs(pairs, `${key}[${inner}]`, item, format);
    return;
  }
  pairs.push([key, scalarText(value)]);
}

function scalarText(value: JsonValue): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Form encoding: RFC 3986 unreserved characters stay, everything else is percent-encoded. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
