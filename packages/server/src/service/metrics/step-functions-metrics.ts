// Step Functions' CloudWatch metrics, under AWS's names and dimensions, as Prometheus metrics (prom-client):
// counted from each step's committed history events (the runtime's onCommitted), so Standard and Express
// executions alike, plus the server's own (steps committed, process metrics).

import { detailsOf, type HistoryEvent } from '@stepwise/core';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { ExecutionRecord } from '../../store/store.ts';

/** Durations in milliseconds, as AWS reports ExecutionTime and the task *Time metrics. */
const millisBuckets = [1, 5, 10, 50, 100, 500, 1000, 5000, 10_000, 60_000, 300_000, 3_600_000];

const executionEnds: Record<string, string> = {
  ExecutionSucceeded: 'ExecutionsSucceeded',
  ExecutionFailed: 'ExecutionsFailed',
  ExecutionAborted: 'ExecutionsAborted',
  ExecutionTimedOut: 'ExecutionsTimedOut',
};

/** The task families AWS reports: its metric prefixes and the dimension naming the resource. */
const families = {
  LambdaFunction: { plural: 'LambdaFunctions', dimension: 'LambdaFunctionArn' },
  Activity: { plural: 'Activities', dimension: 'ActivityArn' },
  Task: { plural: 'ServiceIntegrations', dimension: 'ServiceIntegrationResourceArn' },
} as const;
type Family = keyof typeof families;
const taskEvent = /^(LambdaFunction|Activity|Task)(Scheduled|Started|Submitted|Succeeded|Failed|TimedOut)$/;

/** A task between its Scheduled event and its end, found again through the next event's previousEventId. */
interface OpenTask {
  family: Family;
  resource: string;
  scheduledAt: number;
  startedAt?: number;
}

export class StepFunctionsMetrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly steps: Counter;
  /** Per execution: its open tasks by the id of their latest event. */
  private readonly tasks = new Map<string, Map<number, OpenTask>>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    for (const name of [
      'ExecutionsStarted',
      'ExecutionThrottled',
      'ExecutionsRedriven',
      ...Object.values(executionEnds),
    ]) {
      this.counter(name, 'StateMachineArn');
    }
    this.histogram('ExecutionTime', 'StateMachineArn');
    for (const { plural, dimension } of Object.values(families)) {
      for (const outcome of ['Scheduled', 'Started', 'Succeeded', 'Failed', 'TimedOut'])
        this.counter(`${plural}${outcome}`, dimension);
    }
    for (const [family, { dimension }] of Object.entries(families)) {
      const prefix = family === 'Task' ? 'ServiceIntegration' : family;
      for (const kind of ['ScheduleTime', 'RunTime', 'Time']) this.histogram(`${prefix}${kind}`, dimension);
    }
    this.steps = new Counter({
      name: 'stepwise_steps_committed_total',
      help: 'Engine steps committed',
      registers: [this.registry],
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'stepwise_' });
  }

  /** The runtime's onCommitted: never throws, costs a few map lookups per event. */
  readonly observe = (record: ExecutionRecord, events: readonly HistoryEvent[]): void => {
    this.steps.inc();
    for (const event of events) this.count(record, event);
  };

  /** The Prometheus text of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private count(record: ExecutionRecord, event: HistoryEvent): void {
    const machine = { StateMachineArn: record.stateMachineArn };
    if (event.type === 'ExecutionStarted') {
      this.inc('ExecutionsStarted', machine);
      return;
    }
    if (event.type === 'ExecutionRedriven') {
      this.inc('ExecutionsRedriven', machine);
      return;
    }
    const ended = executionEnds[event.type];
    if (ended !== undefined) {
      this.inc(ended, machine);
      this.histograms
        .get('ExecutionTime')
        ?.observe(machine, event.timestamp - (record.redriveDate ?? record.startDate));
      this.tasks.delete(record.arn);
      return;
    }
    const task = taskEvent.exec(event.type);
    if (task !== null) this.countTask(record.arn, event, task[1] as Family, task[2] ?? '');
  }

  private countTask(executionArn: string, event: HistoryEvent, family: Family, outcome: string): void {
    let open = this.tasks.get(executionArn);
    if (open === undefined) {
      open = new Map();
      this.tasks.set(executionArn, open);
    }
    const task = outcome === 'Scheduled' ? scheduledTask(event, family) : open.get(event.previousEventId);
    if (task === undefined) return;
    open.delete(event.previousEventId);
    const { plural, dimension } = families[family];
    const labels = { [dimension]: task.resource };
    const prefix = family === 'Task' ? 'ServiceIntegration' : family;
    if (outcome !== 'Submitted') this.inc(`${plural}${outcome}`, labels);
    if (outcome === 'Started') {
      task.startedAt = event.timestamp;
      this.histograms.get(`${prefix}ScheduleTime`)?.observe(labels, event.timestamp - task.scheduledAt);
    }
    if (outcome === 'Succeeded' || outcome === 'Failed' || outcome === 'TimedOut') {
      if (task.startedAt !== undefined)
        this.histograms.get(`${prefix}RunTime`)?.observe(labels, event.timestamp - task.startedAt);
      this.histograms.get(`${prefix}Time`)?.observe(labels, event.timestamp - task.scheduledAt);
      return;
    }
    open.set(event.id, task);
  }

  private inc(name: string, labels: Record<string, string>): void {
    this.counters.get(name)?.inc(labels);
  }

  private counter(name: string, dimension: string): void {
    const help = `Step Functions' ${name}, by ${dimension}`;
    this.counters.set(name, new Counter({ name, help, labelNames: [dimension], registers: [this.registry] }));
  }

  private histogram(name: string, dimension: string): void {
    const help = `Step Functions' ${name} in milliseconds, by ${dimension}`;
    this.histograms.set(
      name,
      new Histogram({ name, help, labelNames: [dimension], buckets: millisBuckets, registers: [this.registry] }),
    );
  }
}

function scheduledTask(event: HistoryEvent, family: Family): OpenTask {
  const details = (detailsOf(event) ?? {}) as { resource?: string; resourceType?: string };
  const resource =
    family === 'Task'
      ? `arn:aws:states:::${details.resourceType ?? ''}:${details.resource ?? ''}`
      : (details.resource ?? '');
  return { family, resource, scheduledAt: event.timestamp };
}
