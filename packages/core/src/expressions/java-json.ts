// Renders JSON values the way AWS's Java runtime does: Jackson's compact JSON and Java's toString.

import type { JsonValue } from '../json/json-value.ts';

/**
 * A number as Java renders it: integers in full, other doubles via Double.toString (plain decimal in
 * [1e-3, 1e7), otherwise computerised scientific notation such as `1.0E-5`).
 */
export function javaNumber(value: number): string {
  if (Number.isInteger(value)) {
    // Jackson reads integral literals as int/long/BigInteger, which print without exponent.
    return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
  }
  return javaDouble(value);
}

/** A double as Java's Double.toString writes it: `0.5`, `5.0`, `1.761644502123E9`, `1.0E-5`. */
export function javaDouble(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return Number.isInteger(value) ? `${value}.0` : String(value);
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** Compact JSON as Jackson writes it (what States.JsonToString and error causes show). */
export function javaJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return javaNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (Array.isArray(value)) return `[${value.map(javaJson).join(',')}]`;
  const members = Object.keys(value).map((key) => `${JSON.stringify(key)}:${javaJson(value[key] as JsonValue)}`);
  return `{${members.join(',')}}`;
}

/**
 * Java's toString of the decoded value (Map/List/String), which is what States.Format substitutes:
 * `{a=1, b=[x, y]}`, strings without quotes.
 */
export function javaToString(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return javaNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (Array.isArray(value)) return `[${value.map(javaToString).join(', ')}]`;
  const members = Object.keys(value).map((key) => `${key}=${javaToString(value[key] as JsonValue)}`);
  return `{${members.join(', ')}}`;
}

/** The Java class Jayway names when a path step meets a value of the wrong kind. */
export function javaClassName(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
  return Array.isArray(value) ? 'net.minidev.json.JSONArray' : 'java.util.LinkedHashMap';
}
