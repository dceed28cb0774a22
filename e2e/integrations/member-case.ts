// How an optimized integration's output spells its members: Step Functions shows them in PascalCase (its Java
// SDK v1 shapes), except the keys of maps that hold the user's own data.

/** The keys anywhere in `value` that do not start with a capital letter, not looking inside the `userMaps` members. */
export function lowerKeys(value: unknown, userMaps: ReadonlySet<string> = new Set()): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => lowerKeys(item, userMaps));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(/^[A-Z]/.test(key) ? [] : [key]),
    ...(userMaps.has(key) ? [] : lowerKeys(item, userMaps)),
  ]);
}
