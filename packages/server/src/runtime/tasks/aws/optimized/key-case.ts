// Batch's API spells its members in camelCase, Step Functions' Batch integration in PascalCase (as its Java
// SDK does): the members are renamed both ways, except inside maps whose keys are the user's own.

import type { JsonValue } from '@stepwise/core';

type Rename = (key: string) => string;

export const lowerFirst: Rename = (key) => key.charAt(0).toLowerCase() + key.slice(1);
export const upperFirst: Rename = (key) => key.charAt(0).toUpperCase() + key.slice(1);

/** `value` with every member renamed, except the members of the maps named in `userMaps` (either spelling). */
export function renameMembers(value: JsonValue, rename: Rename, userMaps: ReadonlySet<string>): JsonValue {
  if (Array.isArray(value)) return value.map((item) => renameMembers(item, rename, userMaps));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) {
    const userMap = userMaps.has(lowerFirst(key));
    out[rename(key)] = userMap ? item : renameMembers(item, rename, userMaps);
  }
  return out;
}
