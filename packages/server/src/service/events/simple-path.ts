// The JSON paths EventBridge accepts in InputPath and InputPathsMap: `$`, `$.a.b`, `$.a[0]`, `$['a b']`. A path
// that finds nothing gives undefined, as a missing field does at AWS (the placeholder becomes empty or null).

const segment = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** The path's steps, or undefined when it is not a path EventBridge accepts. */
export function parseSimplePath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: (string | number)[] = [];
  let rest = path.slice(1);
  while (rest !== '') {
    const match = segment.exec(rest);
    if (match === null) return undefined;
    const index = match[2];
    steps.push(index === undefined ? (match[1] ?? match[3] ?? match[4] ?? '') : Number(index));
    rest = rest.slice(match[0].length);
  }
  return steps;
}

export function readPath(value: unknown, steps: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
      current = (current as Record<string, unknown>)[step];
    } else return undefined;
  }
  return current;
}
