// Assembles one execution's spans from its committed history events: each event belongs to the innermost
// span open where it was recorded (found through its previousEventId), so a state inside a Parallel branch
// or a Map iteration nests under that Parallel or Map, and a task under its state. Span ids are derived
// from the execution's ARN and the opening event's id, so any node names a span as any other does.

import { taskEventId, type ExecutionState, type HistoryEvent } from '@stepwise/core';
import { spanEffect, type SpanEffect, type SpanKindName } from './span-events.ts';
import { derivedSpanId, derivedTraceId, parseTraceHeader, type TraceContext } from './trace-context.ts';

/** A span that ended: what an exporter sends. Times are epoch milliseconds. */
export interface FinishedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: SpanKindName;
  name: string;
  start: number;
  end: number;
  attributes: Record<string, string | number>;
  error?: string;
}

/** What of the execution record the spans need. */
export interface TracedExecution {
  arn: string;
  stateMachineArn: string;
  startDate: number;
  redriveCount: number;
  traceHeader?: string;
  state: ExecutionState;
}

type OpenSpan = Omit<FinishedSpan, 'end'>;

export class ExecutionSpans {
  readonly traceId: string;
  readonly sampled: boolean;
  /** The span a `traceHeader` named as the caller's. */
  private readonly callerSpanId: string | undefined;
  /** Per event id: the span open where the event was recorded. */
  private readonly owners = new Map<number, string>();
  private readonly open = new Map<string, OpenSpan>();
  private executionSpanId: string;
  /** ExecutionRedriven events seen: each redrive is an execution span of its own. */
  private redrives: number;
  private state: ExecutionState;

  constructor(private readonly execution: TracedExecution) {
    const header = parseTraceHeader(execution.traceHeader ?? '');
    this.traceId = header.traceId ?? derivedTraceId(execution.arn, execution.startDate);
    this.sampled = header.sampled ?? true;
    this.callerSpanId = header.parentSpanId;
    this.redrives = execution.redriveCount;
    this.executionSpanId = derivedSpanId(execution.arn, 'execution', this.redrives);
    this.state = execution.state;
  }

  /** Takes a step's events; returns the spans they ended. */
  observe(events: readonly HistoryEvent[], state: ExecutionState): FinishedSpan[] {
    this.state = state;
    const finished: FinishedSpan[] = [];
    for (const event of events) this.apply(event, spanEffect(event), finished);
    return finished;
  }

  /**
   * Takes in the events recorded before this observer started (another process, or this one before a
   * restart, saw them), so that the spans they opened end here with the ids the first observer gave them.
   */
  replay(events: readonly HistoryEvent[]): void {
    const ignored: FinishedSpan[] = [];
    for (const event of events) this.apply(event, spanEffect(event), ignored);
  }

  /** Whether the execution's span has ended and nothing else is open. */
  get ended(): boolean {
    return this.open.size === 0;
  }

  /** The context a task's callee runs in (its task span), or undefined when the task is not known here. */
  taskContext(taskId: string): TraceContext | undefined {
    const eventId = taskEventId(this.state, taskId);
    if (eventId === undefined) return undefined;
    const spanId = this.owners.get(eventId);
    if (spanId === undefined || this.open.get(spanId)?.kind !== 'task') return undefined;
    return { traceId: this.traceId, spanId, sampled: this.sampled };
  }

  private apply(event: HistoryEvent, effect: SpanEffect, finished: FinishedSpan[]): void {
    const owner = this.owners.get(event.previousEventId) ?? this.executionSpanId;
    if (effect.kind === 'open' && effect.span === 'execution') {
      this.redrives = event.type === 'ExecutionRedriven' ? this.redrives + 1 : 0;
      this.executionSpanId = derivedSpanId(this.execution.arn, 'execution', this.redrives);
      this.owners.set(event.id, this.executionSpanId);
      this.openExecution(event);
    } else if (effect.kind === 'open') {
      const spanId = derivedSpanId(this.execution.arn, 'event', event.id);
      this.owners.set(event.id, spanId);
      const { name, span: kind, attributes } = effect;
      this.open.set(spanId, { ...this.base(spanId, owner), kind, name, start: event.timestamp, attributes });
    } else if (effect.kind === 'close') {
      const closed = this.close(owner, effect.span, event.timestamp, effect.error, finished);
      this.owners.set(event.id, closed?.parentSpanId ?? owner);
    } else if (effect.kind === 'end-execution') {
      this.endAll(event.timestamp, effect.error, finished);
    } else {
      this.owners.set(event.id, owner);
    }
  }

  private openExecution(event: HistoryEvent): void {
    const spanId = this.executionSpanId;
    const parentSpanId = this.callerSpanId;
    const { arn, stateMachineArn } = this.execution;
    this.open.set(spanId, {
      traceId: this.traceId,
      spanId,
      ...(parentSpanId === undefined ? {} : { parentSpanId }),
      kind: 'execution',
      name: `execution ${arn.split(':').slice(6).join(':')}`,
      start: event.timestamp,
      attributes: {
        'aws.stepfunctions.execution.arn': arn,
        'aws.stepfunctions.state_machine.arn': stateMachineArn,
      },
    });
  }

  private base(spanId: string, parentSpanId: string): Pick<OpenSpan, 'traceId' | 'spanId' | 'parentSpanId'> {
    return { traceId: this.traceId, spanId, parentSpanId };
  }

  private close(
    spanId: string,
    kind: SpanKindName,
    end: number,
    error: string | undefined,
    finished: FinishedSpan[],
  ): OpenSpan | undefined {
    const span = this.open.get(spanId);
    // After a restart the opening event was seen by another process: that span is not this node's to end.
    if (span?.kind !== kind) return undefined;
    this.open.delete(spanId);
    finished.push({ ...span, end, ...(error === undefined ? {} : { error }) });
    return span;
  }

  /** The execution ended: every span still open ends with it (a stopped or failed execution's last states). */
  private endAll(end: number, error: string | undefined, finished: FinishedSpan[]): void {
    for (const span of [...this.open.values()].reverse()) {
      finished.push({ ...span, end, ...(error === undefined ? {} : { error }) });
    }
    this.open.clear();
    this.owners.clear();
  }
}

/** Whether an event starts an execution span (ExecutionStarted, ExecutionRedriven). */
export function opensExecution(event: HistoryEvent): boolean {
  const effect = spanEffect(event);
  return effect.kind === 'open' && effect.span === 'execution';
}
