// Array parameters as PostgreSQL array literals, built here rather than by pg. pg quotes each element of an
// array with two regular-expression replaces in JavaScript, and a group commit sends tens of kilobytes of
// JSON texts as text arrays: that quoting was about a tenth of the Stepwise process's CPU per step on
// PostgreSQL. An array literal quotes an element as JSON quotes a string (a backslash before each `"` and
// `\`), so JSON.stringify, native code, gives the element whenever JSON would not also write an escape the
// literal reads differently: control characters (`\n` in a literal is the letter n) and lone surrogates.
// Strings with those, rare in the store's texts, take one replace. PostgreSQL parses the result exactly as
// it parses pg's.

/** What an array parameter of the store holds: texts, numbers, booleans, NULLs, and arrays of those. */
export type ArrayElement = string | number | bigint | boolean | null | undefined | readonly ArrayElement[];

/** Characters JSON.stringify writes as an escape that an array literal would read as another character. */
// eslint-disable-next-line no-control-regex -- the control characters are what the pattern is about
const jsonOnlyEscapes = /[\u0000-\u001f\ud800-\udfff]/;

function quoted(text: string): string {
  return jsonOnlyEscapes.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : JSON.stringify(text);
}

/**
 * `values` as an array literal (`{"a","b",NULL}`; nested arrays give a multidimensional one), in one pass;
 * undefined when an element is of another kind (a Buffer, an object), which pg then encodes itself.
 */
function literalOf(values: readonly unknown[]): string | undefined {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    const value = values[i];
    if (value === null || value === undefined) literal += 'NULL';
    else if (typeof value === 'string') literal += quoted(value);
    else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
      literal += String(value);
    else if (Array.isArray(value)) {
      const inner = literalOf(value);
      if (inner === undefined) return undefined;
      literal += inner;
    } else return undefined;
  }
  return `${literal}}`;
}

/** `values` as an array literal (`{"a","b",NULL}`); nested arrays give a multidimensional one. */
export function arrayLiteral(values: readonly ArrayElement[]): string {
  const literal = literalOf(values);
  if (literal === undefined) throw new TypeError('an array element is not a text, number, boolean or NULL');
  return literal;
}

/** A query's parameter as pg should send it: an array of plain values as its literal, anything else as is. */
export function parameterOf(value: unknown): unknown {
  return Array.isArray(value) ? (literalOf(value) ?? value) : value;
}
