// Reads an execution's history into what the console shows: each visit of a state (input, output, attempts,
// errors, timing, status) and each Map iteration and Parallel attempt, following the events' previousEventId
// links (a Map iteration's events descend from its MapIterationStarted; state names are unique in a machine).

import type { ExecutionStatus, HistoryEvent } from '../api/types.ts';
import { eventDetails, eventTime } from './events.ts';

export type VisitStatus = 'running' | 'succeeded' | 'retried' | 'caught' | 'failed' | 'aborted';
export type IterationStatus = 'running' | 'succeeded' | 'failed' | 'aborted';

export interface FailureInfo {
  eventId: number;
  type: string;
  error?: string;
  cause?: string;
}

/** Where a visit runs: the top level, one Map iteration, or one attempt of a Parallel state. */
export interface Scope {
  kind: 'root' | 'iteration' | 'branches';
  /** The event that opened it (MapIterationStarted, ParallelStateStarted); 0 for the root. */
  eventId: number;
  owner?: Visit;
  /** Map iterations: the item index. */
  index?: number;
  /** `''` at the top; `/Fan[3]`, `/Fan[3]/Inner[0]` inside iterations (Parallel attempts add nothing). */
  path: string;
  ended: boolean;
  status: IterationStatus;
  startTime: number;
  endTime?: number;
}

export interface Visit {
  /** The id of its `…StateEntered` event. */
  id: number;
  name: string;
  stateType: string;
  scope: Scope;
  events: number[];
  input?: string;
  output?: string;
  enteredTime: number;
  exitedTime?: number;
  exited: boolean;
  /** Task calls, Parallel or Map runs started: more than one means it was retried. */
  attempts: number;
  failures: FailureInfo[];
  lastAttemptFailed: boolean;
  /** The failure that ended the execution, an iteration or a Parallel attempt came from here. */
  failedHere: boolean;
  /** Map visits: their iterations by index (the latest run of each index, after a redrive). */
  iterations: Map<number, Scope>;
  /** Map visits: MapStateStarted's length. */
  itemCount?: number;
  /** Distributed Map visits: the map run their MapRunStarted names (the latest, after a redrive). */
  mapRunArn?: string;
  /** Parallel visits: the attempt whose branches run now. */
  branches?: Scope;
  status: VisitStatus;
}

export interface Trace {
  visits: Visit[];
  /** The visit each event belongs to (undefined for execution-level events). */
  visitOf: Map<number, Visit>;
  /** The scope each event runs in. */
  scopeOf: Map<number, Scope>;
  startTime: number;
}

interface Place {
  visit?: Visit;
  scope: Scope;
  /** Set on MapIterationStarted and ParallelStateStarted: the scope their children run in. */
  opens?: Scope;
}

const attemptStarts = /(Scheduled|^ParallelStateStarted|^MapStateStarted)$/;
const stateFailures = /(Failed|TimedOut)$/;
const propagatedFailures = new Set([
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ParallelStateFailed',
  'MapStateFailed',
  'MapIterationFailed',
]);

export function readTrace(events: readonly HistoryEvent[], executionStatus: ExecutionStatus | undefined): Trace {
  const root: Scope = { kind: 'root', eventId: 0, path: '', ended: false, status: 'running', startTime: 0 };
  const places = new Map<number, Place>();
  const trace: Trace = { visits: [], visitOf: new Map(), scopeOf: new Map(), startTime: 0 };
  for (const event of events) {
    const place = placeEvent(event, places.get(event.previousEventId) ?? { scope: root }, root, trace);
    places.set(event.id, place);
    trace.scopeOf.set(event.id, place.scope);
    if (place.visit !== undefined) trace.visitOf.set(event.id, place.visit);
    if (event.type === 'ExecutionStarted') {
      trace.startTime = eventTime(event);
      root.startTime = trace.startTime;
    }
    if (propagatedFailures.has(event.type)) markFailureOrigin(event, places.get(event.previousEventId));
  }
  const live = executionStatus === undefined || executionStatus === 'RUNNING';
  for (const visit of trace.visits) visit.status = visitStatus(visit, live);
  return trace;
}

function placeEvent(event: HistoryEvent, prev: Place, root: Scope, trace: Trace): Place {
  const { type } = event;
  const details = eventDetails(event);
  if (type.startsWith('Execution')) return { scope: root };
  if (type.endsWith('StateEntered')) {
    const scope = prev.opens ?? prev.visit?.scope ?? prev.scope;
    const visit = newVisit(event, type.slice(0, -'StateEntered'.length), scope, details);
    trace.visits.push(visit);
    return { visit, scope };
  }
  let visit: Visit | undefined;
  if (type.endsWith('StateExited')) visit = enclosing(prev, (v) => v.name === details.name && !v.exited);
  else if (type === 'EvaluationFailed') visit = enclosing(prev, (v) => v.name === details.state && !v.exited);
  else if (type.startsWith('MapIteration') && type !== 'MapIterationStarted') {
    return placeIterationEnd(event, prev, details);
  } else if (type.startsWith('Map')) visit = enclosing(prev, (v) => v.stateType === 'Map' && !v.exited);
  else if (type.startsWith('Parallel')) visit = enclosing(prev, (v) => v.stateType === 'Parallel' && !v.exited);
  else visit = prev.visit ?? prev.scope.owner;
  if (visit === undefined) return { scope: prev.scope };
  recordOnVisit(visit, event, details);
  const place: Place = { visit, scope: visit.scope };
  if (type === 'MapIterationStarted') place.opens = openIteration(visit, event, details);
  if (type === 'ParallelStateStarted') place.opens = openAttempt(visit, event);
  return place;
}

function newVisit(event: HistoryEvent, stateType: string, scope: Scope, details: Record<string, unknown>): Visit {
  return {
    id: event.id,
    name: String(details.name),
    stateType,
    scope,
    events: [event.id],
    ...(typeof details.input === 'string' ? { input: details.input } : {}),
    enteredTime: eventTime(event),
    exited: false,
    attempts: 0,
    failures: [],
    lastAttemptFailed: false,
    failedHere: false,
    iterations: new Map(),
    status: 'running',
  };
}

function recordOnVisit(visit: Visit, event: HistoryEvent, details: Record<string, unknown>): void {
  const { type } = event;
  visit.events.push(event.id);
  if (type.endsWith('StateExited')) {
    visit.exited = true;
    visit.exitedTime = eventTime(event);
    if (typeof details.output === 'string') visit.output = details.output;
    return;
  }
  if (attemptStarts.test(type)) {
    visit.attempts += 1;
    visit.lastAttemptFailed = false;
    // A new attempt of a Parallel or Map ends whatever its previous attempt left running.
    endScopesOf(visit, 'aborted');
  }
  if (type === 'MapStateStarted' && typeof details.length === 'number') visit.itemCount = details.length;
  if (type === 'MapRunStarted' && typeof details.mapRunArn === 'string') visit.mapRunArn = details.mapRunArn;
  if (type === 'ParallelStateSucceeded' || type === 'MapStateSucceeded') endScopesOf(visit, 'succeeded');
  if (type === 'ParallelStateFailed' || type === 'MapStateFailed' || type.endsWith('Aborted')) {
    endScopesOf(visit, 'aborted');
  }
  if (stateFailures.test(type) && !type.startsWith('MapIteration')) {
    visit.failures.push({
      eventId: event.id,
      type,
      ...(typeof details.error === 'string' ? { error: details.error } : {}),
      ...(typeof details.cause === 'string' ? { cause: details.cause } : {}),
    });
    visit.lastAttemptFailed = true;
  }
}

function openIteration(visit: Visit, event: HistoryEvent, details: Record<string, unknown>): Scope {
  const index = typeof details.index === 'number' ? details.index : visit.iterations.size;
  const scope: Scope = {
    kind: 'iteration',
    eventId: event.id,
    owner: visit,
    index,
    path: `${visit.scope.path}/${visit.name}[${String(index)}]`,
    ended: false,
    status: 'running',
    startTime: eventTime(event),
  };
  visit.iterations.set(index, scope);
  return scope;
}

function openAttempt(visit: Visit, event: HistoryEvent): Scope {
  const scope: Scope = {
    kind: 'branches',
    eventId: event.id,
    owner: visit,
    path: visit.scope.path,
    ended: false,
    status: 'running',
    startTime: eventTime(event),
  };
  visit.branches = scope;
  return scope;
}

function endScopesOf(visit: Visit, status: IterationStatus): void {
  const attempt = visit.branches;
  if (attempt !== undefined && !attempt.ended) {
    attempt.ended = true;
    attempt.status = status;
  }
  for (const iteration of visit.iterations.values()) {
    if (iteration.ended) continue;
    iteration.ended = true;
    iteration.status = status === 'succeeded' ? 'succeeded' : 'aborted';
  }
}

function placeIterationEnd(event: HistoryEvent, prev: Place, details: Record<string, unknown>): Place {
  let scope: Scope | undefined = prev.visit?.scope ?? prev.scope;
  while (scope !== undefined && !(scope.kind === 'iteration' && scope.index === details.index)) {
    scope = scope.owner?.scope;
  }
  const owner = scope?.owner;
  if (scope === undefined || owner === undefined) return { scope: prev.scope };
  owner.events.push(event.id);
  scope.ended = true;
  scope.endTime = eventTime(event);
  scope.status =
    event.type === 'MapIterationSucceeded' ? 'succeeded' : event.type === 'MapIterationFailed' ? 'failed' : 'aborted';
  return { visit: owner, scope };
}

/** The nearest visit, from the event's own outwards through the scopes that contain it, that matches. */
function enclosing(place: Place, match: (visit: Visit) => boolean): Visit | undefined {
  let visit: Visit | undefined = place.visit ?? place.scope.owner;
  while (visit !== undefined) {
    if (match(visit)) return visit;
    visit = visit.scope.owner;
  }
  return undefined;
}

/** The event a failure links to is where it happened: that visit failed (an ExecutionFailed names why). */
function markFailureOrigin(event: HistoryEvent, origin: Place | undefined): void {
  const visit = origin?.visit;
  if (visit === undefined) return;
  visit.failedHere = true;
  const details = eventDetails(event);
  if (visit.failures.length === 0 && (typeof details.error === 'string' || typeof details.cause === 'string')) {
    visit.failures.push({
      eventId: event.id,
      type: event.type,
      ...(typeof details.error === 'string' ? { error: details.error } : {}),
      ...(typeof details.cause === 'string' ? { cause: details.cause } : {}),
    });
  }
}

function visitStatus(visit: Visit, executionLive: boolean): VisitStatus {
  if (visit.stateType === 'Fail') return 'failed';
  if (visit.exited) {
    if (visit.lastAttemptFailed) return 'caught';
    return visit.failures.length > 0 || visit.attempts > 1 ? 'retried' : 'succeeded';
  }
  if (executionLive && scopeLive(visit.scope)) return 'running';
  return visit.failedHere || visit.lastAttemptFailed ? 'failed' : 'aborted';
}

function scopeLive(scope: Scope): boolean {
  for (let s: Scope | undefined = scope; s !== undefined; s = s.owner?.scope) {
    if (s.ended || s.owner?.exited === true) return false;
  }
  return true;
}
