// Parses definition text into plain JSON and the source position of every node, keyed by AWS location.

import { parse } from '@humanwhocodes/momoa';
import type { ValueNode } from '@humanwhocodes/momoa';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import { childPointer, itemPointer } from './diagnostics.ts';
import type { Position } from './diagnostics.ts';

export interface SourceMap {
  value: JsonValue;
  positions: Map<string, Position>;
  /** Where each object member's key is: a diagnostic about a field of an object points at its name. */
  keyPositions: Map<string, Position>;
  /** Locations of object members whose key appeared earlier in the same object. */
  duplicates: string[];
}

export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
}

/** Parses `text` as strict JSON; never throws. */
export function parseWithPositions(text: string): SourceMap | JsonSyntaxError {
  let body: ValueNode;
  try {
    body = parse(text, { mode: 'json' }).body;
  } catch (error) {
    return syntaxError(error);
  }
  const map: SourceMap = { value: null, positions: new Map(), keyPositions: new Map(), duplicates: [] };
  map.value = toJson(body, '/', map);
  return map;
}

function syntaxError(error: unknown): JsonSyntaxError {
  const { message, line, column } = error as { message?: unknown; line?: unknown; column?: unknown };
  return {
    message: typeof message === 'string' ? message : 'Invalid JSON',
    line: typeof line === 'number' ? line : 1,
    column: typeof column === 'number' ? column : 1,
  };
}

function toJson(node: ValueNode, pointer: string, map: SourceMap): JsonValue {
  // A member's position is its key's (set by objectToJson): a diagnostic about a field points at its name.
  if (!map.positions.has(pointer))
    map.positions.set(pointer, { line: node.loc.start.line, column: node.loc.start.column });
  switch (node.type) {
    case 'Object':
      return objectToJson(node.members, pointer, map);
    case 'Array':
      return node.elements.map((element, index) => toJson(element.value, itemPointer(pointer, index), map));
    case 'String':
    case 'Number':
    case 'Boolean':
      return node.value;
    default:
      // Null, and JSON5-only nodes that strict JSON mode never produces.
      return null;
  }
}

function objectToJson(
  members: readonly {
    name: { type: string; value?: unknown; loc: { start: { line: number; column: number } } };
    value: ValueNode;
  }[],
  pointer: string,
  map: SourceMap,
): JsonObject {
  const result: JsonObject = {};
  for (const member of members) {
    const key = String(member.name.value);
    const at = childPointer(pointer, key);
    if (Object.hasOwn(result, key)) map.duplicates.push(at);
    else map.keyPositions.set(at, { line: member.name.loc.start.line, column: member.name.loc.start.column });
    // defineProperty, not assignment: a key named __proto__ must stay plain data.
    Object.defineProperty(result, key, {
      value: toJson(member.value, at, map),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
