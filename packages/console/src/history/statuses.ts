// The status the graph shows for each state: the latest visit in each scope (a loop's last pass, a redriven
// state's new run), and across scopes (Map iterations) the most telling one, with counts for the panel.

import type { StateStatus } from '../graph/status.ts';
import type { Trace, Visit, VisitStatus } from './trace.ts';

const priority: VisitStatus[] = ['running', 'failed', 'aborted', 'caught', 'retried', 'succeeded'];

export interface StateSummary {
  status: StateStatus;
  /** How many scopes (iterations) ended in each status. */
  counts: Partial<Record<VisitStatus, number>>;
  /** The visits shown, latest first. */
  visits: Visit[];
}

/**
 * Per state name. With `iteration` (a scope path such as `/Fan[3]`), visits inside other iterations of that
 * Map are left out, so the graph shows one iteration.
 */
export function stateSummaries(trace: Trace, iteration?: string): Map<string, StateSummary> {
  const byName = new Map<string, { latest: Map<string, Visit>; visits: Visit[] }>();
  for (const visit of trace.visits) {
    if (iteration !== undefined && !inIteration(visit.scope.path, iteration)) continue;
    let entry = byName.get(visit.name);
    if (entry === undefined) byName.set(visit.name, (entry = { latest: new Map(), visits: [] }));
    entry.latest.set(visit.scope.path, visit);
    entry.visits.push(visit);
  }
  const result = new Map<string, StateSummary>();
  for (const [name, { latest, visits }] of byName) {
    const counts: Partial<Record<VisitStatus, number>> = {};
    for (const visit of latest.values()) counts[visit.status] = (counts[visit.status] ?? 0) + 1;
    const status = priority.find((s) => counts[s] !== undefined) ?? 'succeeded';
    result.set(name, { status, counts, visits: visits.reverse() });
  }
  return result;
}

/** False only for paths inside a sibling iteration of the chosen one (`/Fan[2]` when `/Fan[3]` is chosen). */
export function inIteration(path: string, iteration: string): boolean {
  // Each level of a nested choice (`/Fan[3]/Inner[2]`) rules out the sibling iterations at that level.
  for (let end = iteration.indexOf(']'); end !== -1; end = iteration.indexOf(']', end + 1)) {
    const level = iteration.slice(0, end + 1);
    const mapPrefix = level.slice(0, level.lastIndexOf('[') + 1);
    if (path.startsWith(mapPrefix) && path !== level && !path.startsWith(`${level}/`)) return false;
  }
  return true;
}
