// Runs cases against a target and tallies the outcome by kind, category and feature.
import { evaluateApiCalls } from './api-expect.ts';
import type { ConformanceCase } from './case.ts';
import { evaluateExecution, evaluateResponse, type Mismatch } from './evaluate.ts';
import type { Target, TargetResult } from './target.ts';

export type OutcomeStatus = 'passed' | 'failed' | 'skipped';

export interface CaseOutcome {
  id: string;
  kind: string;
  category: string;
  features: string[];
  status: OutcomeStatus;
  /** Skip reason, or why a failure is not a plain mismatch (target error, wrong result kind). */
  reason?: string;
  mismatch?: Mismatch;
}

export interface Tally {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface Report {
  target: string;
  totals: Tally;
  byKind: Record<string, Tally>;
  byCategory: Record<string, Tally>;
  byFeature: Record<string, Tally>;
  skippedByReason: Record<string, number>;
  outcomes: CaseOutcome[];
  durationMs: number;
}

export interface RunOptions {
  /** Per-case limit, so that a hung target fails one case instead of the run. */
  timeoutMs?: number;
}

const executionKinds = new Set(['execution', 'execution_output']);

function judge(c: ConformanceCase, r: TargetResult): Pick<CaseOutcome, 'status' | 'reason' | 'mismatch'> {
  if (r.kind === 'skipped') return { status: 'skipped', reason: r.reason };
  let mismatch: Mismatch | undefined;
  if (r.kind === 'api_calls' && c.kind === 'api_calls') {
    mismatch = evaluateApiCalls(c.api_calls ?? [], r);
  } else if (r.kind === 'execution' && (executionKinds.has(c.kind) || c.kind === 'sync_execution')) {
    mismatch = evaluateExecution(c, r);
  } else if (r.kind === 'response' && !executionKinds.has(c.kind) && c.kind !== 'api_calls') {
    mismatch = evaluateResponse(c, r);
  } else {
    return { status: 'failed', reason: `target returned a ${r.kind} result for a ${c.kind} case` };
  }
  return mismatch ? { status: 'failed', mismatch } : { status: 'passed' };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${String(ms)} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one case; a thrown error (target or normaliser) is a failure with its message as the reason. */
export async function runCase(target: Target, c: ConformanceCase, options: RunOptions = {}): Promise<CaseOutcome> {
  const base = { id: c.id, kind: c.kind, category: c.category, features: c.features };
  try {
    const limit = options.timeoutMs ?? (c.time_limit_seconds ?? 10) * 1000;
    const result = await withTimeout(target.run(c), limit);
    return { ...base, ...judge(c, result) };
  } catch (e) {
    return { ...base, status: 'failed', reason: `threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function emptyTally(): Tally {
  return { total: 0, passed: 0, failed: 0, skipped: 0 };
}

function add(groups: Record<string, Tally>, key: string, status: OutcomeStatus): void {
  const tally = (groups[key] ??= emptyTally());
  tally.total++;
  tally[status]++;
}

export function summarise(target: string, outcomes: CaseOutcome[], durationMs: number): Report {
  const report: Report = {
    target,
    totals: emptyTally(),
    byKind: {},
    byCategory: {},
    byFeature: {},
    skippedByReason: {},
    outcomes,
    durationMs,
  };
  for (const o of outcomes) {
    report.totals.total++;
    report.totals[o.status]++;
    add(report.byKind, o.kind, o.status);
    add(report.byCategory, o.category, o.status);
    for (const f of o.features) add(report.byFeature, f, o.status);
    if (o.status === 'skipped') {
      const reason = o.reason ?? 'unspecified';
      report.skippedByReason[reason] = (report.skippedByReason[reason] ?? 0) + 1;
    }
  }
  return report;
}

/** Runs every case in order (targets use fake clocks, so there is nothing to gain from overlapping them). */
export async function runCases(target: Target, cases: readonly ConformanceCase[], options: RunOptions = {}) {
  const started = performance.now();
  // Outside every case's time limit: starting a database server can take longer than a case may.
  await target.open?.();
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) outcomes.push(await runCase(target, c, options));
  return summarise(target.name, outcomes, performance.now() - started);
}
