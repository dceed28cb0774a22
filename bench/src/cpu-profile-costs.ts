// A V8 CPU profile (.cpuprofile) read as time per function: self time (samples in the function itself) and total
// time (samples with the function anywhere on the stack, counted once however deep it recurses), both divided by
// a count of work done, so that two profiles of different lengths compare.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  /** Microseconds per unit of work in the function itself. */
  selfUs: number;
  /** Microseconds per unit of work with the function on the stack. */
  totalUs: number;
}

/** A function's name as the report shows it: name, file (from the package or src folder on) and line. */
function keyOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (url === '') return functionName === '' ? '(anonymous)' : functionName;
  const at = Math.max(url.lastIndexOf('/src/'), url.lastIndexOf('node_modules/'));
  const file = at < 0 ? url.replace(/^.*\//, '') : url.slice(at);
  return `${functionName === '' ? '(anonymous)' : functionName} ${file}:${String(lineNumber + 1)}`;
}

/** For each node, the distinct function keys from the root down to it. */
function stacksOf(profile: Profile): Map<number, string[]> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const stacks = new Map<number, string[]>();
  for (const node of profile.nodes) {
    const keys = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const at = byId.get(id);
      if (at !== undefined) keys.add(keyOf(at));
    }
    stacks.set(node.id, [...keys]);
  }
  return stacks;
}

/** Costs per function per unit of `work`; `(total)` is every sample but idle ones. */
export function profileCosts(text: string, work: number): Map<string, FunctionCost> {
  const profile = JSON.parse(text) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const stacks = stacksOf(profile);
  const costs = new Map<string, FunctionCost>();
  const add = (key: string, field: keyof FunctionCost, us: number): void => {
    const cost = costs.get(key) ?? { selfUs: 0, totalUs: 0 };
    cost[field] += us / work;
    costs.set(key, cost);
  };
  profile.samples.forEach((id, i) => {
    // A sample's time is the delta to the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(id);
    if (node === undefined || node.callFrame.functionName === '(idle)') return;
    add(keyOf(node), 'selfUs', us);
    for (const key of stacks.get(id) ?? []) add(key, 'totalUs', us);
    add('(total)', 'selfUs', us);
    add('(total)', 'totalUs', us);
  });
  return costs;
}
