// Traces executions: the runtime's onCommitted feeds each step's events in, the spans they end go to a
// span sink (OTLP over HTTP in `serve`), and a task's callee is handed the context of its task span.
// An execution is traced when its machine's TracingConfiguration is enabled, or every one when told so.

import type { HistoryEvent, JsonValue, TaskInvocation } from '@stepwise/core';
import type { ExecutionRecord, Store } from '../../store/store.ts';
import type { ExecuteOptions } from '../tasks/executor.ts';
import type { TaskPerformer } from '../task-runner.ts';
import { ExecutionSpans, opensExecution, type FinishedSpan } from './execution-spans.ts';
import type { TraceContext } from './trace-context.ts';

/** Where finished spans go. */
export interface SpanSink {
  export(spans: readonly FinishedSpan[]): void;
}

export interface ExecutionTracerOptions {
  sink: SpanSink;
  /** Trace every execution (`serve --otlp-endpoint`), not only those whose machine enables tracing. */
  traceAll: boolean;
  /** Reads an execution's earlier events, for one this process did not see start (a restart, another node). */
  history?: (executionArn: string, beforeEventId: number) => Promise<HistoryEvent[]>;
  /** Told when earlier events could not be read; the execution's spans then start from what is seen. */
  onError?: (error: unknown) => void;
}

/** Executions followed at once; past it the oldest is dropped (its remaining spans are lost, not the server). */
const maxOpenExecutions = 100_000;

export class ExecutionTracer {
  private readonly executions = new Map<string, ExecutionSpans>();
  /** Executions whose earlier events are being read: their steps wait in this chain, in order. */
  private readonly catchingUp = new Map<string, Promise<void>>();

  constructor(private readonly options: ExecutionTracerOptions) {}

  /** The runtime's onCommitted: never throws, returns at once. */
  readonly observe = (record: ExecutionRecord, events: readonly HistoryEvent[]): void => {
    const first = events[0];
    if (first === undefined || !this.traced(record)) return;
    let spans = this.executions.get(record.arn);
    if (spans === undefined) {
      if (this.executions.size >= maxOpenExecutions) this.dropOldest();
      spans = new ExecutionSpans(record);
      this.executions.set(record.arn, spans);
      if (!opensExecution(first)) this.catchUp(spans, record.arn, first.id);
    }
    const waiting = this.catchingUp.get(record.arn);
    if (waiting === undefined) this.take(spans, record, events);
    else
      this.chain(record.arn, waiting, () => {
        this.take(spans, record, events);
      });
  };

  /** Resolves once every step observed so far has been turned into spans (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.catchingUp.values());
  }

  /** The context a task of this execution runs in, when the execution is traced and the task known here. */
  taskContext(executionArn: string, taskId: string): TraceContext | undefined {
    return this.executions.get(executionArn)?.taskContext(taskId);
  }

  /** Tasks performed with their trace context in `ExecuteOptions.trace`. */
  wrap(tasks: TaskPerformer): TaskPerformer {
    return {
      execute: (invocation: TaskInvocation, options?: ExecuteOptions) => {
        const arn = options?.executionArn;
        const trace = arn === undefined ? undefined : this.taskContext(arn, invocation.taskId);
        return tasks.execute(invocation, trace === undefined ? options : { ...options, trace });
      },
    };
  }

  private take(spans: ExecutionSpans, record: ExecutionRecord, events: readonly HistoryEvent[]): void {
    const finished = spans.observe(events, record.state);
    if (spans.ended) this.executions.delete(record.arn);
    if (finished.length > 0 && spans.sampled) this.options.sink.export(finished);
  }

  private catchUp(spans: ExecutionSpans, arn: string, beforeEventId: number): void {
    const { history } = this.options;
    if (history === undefined) return;
    const read = history(arn, beforeEventId).then(
      (earlier) => {
        spans.replay(earlier);
      },
      (error: unknown) => this.options.onError?.(error),
    );
    this.chain(arn, read, () => undefined);
  }

  /** Runs `work` after `before`; the last link of an execution's chain removes the chain when it is done. */
  private chain(arn: string, before: Promise<void>, work: () => void): void {
    const guarded = (): void => {
      try {
        work();
      } catch (error) {
        this.options.onError?.(error);
      }
    };
    const link: Promise<void> = before.then(guarded).then(() => {
      if (this.catchingUp.get(arn) === link) this.catchingUp.delete(arn);
    });
    this.catchingUp.set(arn, link);
  }

  private traced(record: ExecutionRecord): boolean {
    return this.options.traceAll || tracingEnabled(record.tracingConfiguration);
  }

  private dropOldest(): void {
    const oldest = this.executions.keys().next();
    if (oldest.done !== true) this.executions.delete(oldest.value);
  }
}

export function tracingEnabled(configuration: JsonValue | undefined): boolean {
  return (
    typeof configuration === 'object' &&
    configuration !== null &&
    !Array.isArray(configuration) &&
    configuration.enabled === true
  );
}

/** An execution's events before `beforeEventId`, read from the store page by page. */
export function historyFrom(store: Store): NonNullable<ExecutionTracerOptions['history']> {
  return async (executionArn, beforeEventId) => {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await store.getHistory(executionArn, {
        limit: 1000,
        ...(nextToken === undefined ? {} : { after: nextToken }),
      });
      for (const event of page.items) {
        if (event.id >= beforeEventId) return events;
        events.push(event);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return events;
  };
}
