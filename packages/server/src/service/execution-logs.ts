// Execution logs: the runtime reports each step's committed history events; those a machine's
// LoggingConfiguration asks for become AWS's log records in the log group its destination names, written
// in batches after the step (best effort, as AWS delivers them), Standard and Express executions alike.

import type { HistoryEvent } from '@stepwise/core';
import type { LogBatch, LogStore } from '../store/log-store.ts';
import type { ExecutionRecord, Store } from '../store/store.ts';
import { executionLogRecord, isLogged } from './execution-log-records.ts';
import { accountOfArn } from './arns.ts';
import { logGroupNameOf, loggingConfigurationOf, type LoggingConfiguration } from './logging-configuration.ts';

export interface ExecutionLogsOptions {
  store: Store;
  logs: LogStore;
  now: () => number;
  /** Ends every stream name this node writes (AWS: a short hex id), so that nodes never share a stream. */
  streamSuffix: string;
  /** Told of a delivery that failed; the records are dropped, as CloudWatch delivery is best effort. */
  onError?: (error: unknown) => void;
  /** Also told of every batch written (the JSON-lines copy for a log collector). */
  copy?: (batches: readonly LogBatch[]) => void;
  /** The store's name of an account's group (accounts isolated: account-log-groups.ts); else its own name. */
  groupKey?: (account: string, name: string) => string;
}

interface Delivery {
  execution: Pick<
    ExecutionRecord,
    'arn' | 'stateMachineArn' | 'stateMachineVersionArn' | 'revisionId' | 'redriveCount'
  >;
  events: readonly HistoryEvent[];
}

/** Where and how one revision of a machine logs, or undefined when it does not. */
interface Target {
  config: LoggingConfiguration;
  groupName: string;
  machineName: string;
}

const maxCachedRevisions = 10_000;

export class ExecutionLogs {
  private pending: Delivery[] = [];
  private running: Promise<void> | undefined;
  /** Per machine (or version) and revision: a revision's LoggingConfiguration never changes. */
  private readonly targets = new Map<string, Promise<Target | undefined>>();
  private minute = Number.NaN;
  private minuteText = '';

  constructor(private readonly options: ExecutionLogsOptions) {}

  /** The runtime's onCommitted: queues the events and returns at once. */
  readonly observe = (record: ExecutionRecord, events: readonly HistoryEvent[]): void => {
    if (events.length === 0) return;
    const { arn, stateMachineArn, stateMachineVersionArn, revisionId, redriveCount } = record;
    const execution = { arn, stateMachineArn, revisionId, redriveCount };
    this.pending.push({
      execution: stateMachineVersionArn === undefined ? execution : { ...execution, stateMachineVersionArn },
      events,
    });
    this.running ??= this.drain();
  };

  /** Resolves once everything observed so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the steps of this turn queue their events, so that one transaction writes them all.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const deliveries = this.pending;
      this.pending = [];
      try {
        const batches = await this.batches(deliveries);
        if (batches.length > 0) await this.options.logs.putLogEvents(batches, this.options.now());
        if (batches.length > 0) this.options.copy?.(batches);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    this.running = undefined;
  }

  private async batches(deliveries: Delivery[]): Promise<LogBatch[]> {
    const batches = new Map<string, LogBatch>();
    for (const { execution, events } of deliveries) {
      const target = await this.target(execution);
      if (target === undefined) continue;
      for (const event of events) {
        if (!isLogged(target.config.level, event.type)) continue;
        const streamName = this.streamName(target.machineName, event.timestamp);
        const key = `${target.groupName}\n${streamName}`;
        let batch = batches.get(key);
        if (batch === undefined) {
          batch = { groupName: target.groupName, streamName, events: [] };
          batches.set(key, batch);
        }
        const record = executionLogRecord(event, execution, target.config.includeExecutionData);
        batch.events.push({ timestamp: event.timestamp, message: JSON.stringify(record) });
      }
    }
    return [...batches.values()];
  }

  private target(execution: Delivery['execution']): Promise<Target | undefined> {
    const source = execution.stateMachineVersionArn ?? execution.stateMachineArn;
    const key = `${source}#${execution.revisionId}`;
    let target = this.targets.get(key);
    if (target === undefined) {
      if (this.targets.size >= maxCachedRevisions) this.targets.clear();
      target = this.lookUp(execution);
      this.targets.set(key, target);
    }
    return target;
  }

  private async lookUp(execution: Delivery['execution']): Promise<Target | undefined> {
    const { store } = this.options;
    const machine =
      execution.stateMachineVersionArn === undefined
        ? await store.getStateMachine(execution.stateMachineArn)
        : await store.getVersion(execution.stateMachineVersionArn);
    const config = loggingConfigurationOf(machine?.loggingConfiguration);
    const arn = config.destinations?.[0]?.cloudWatchLogsLogGroup.logGroupArn;
    const name = arn === undefined ? undefined : logGroupNameOf(arn);
    if (config.level === 'OFF' || arn === undefined || name === undefined) return undefined;
    const groupName = this.options.groupKey?.(accountOfArn(arn) ?? '', name) ?? name;
    return { config, groupName, machineName: execution.stateMachineArn.split(':')[6] ?? '' };
  }

  /** AWS's `states/<machine>/<yyyy-mm-dd-HH-MM>/<id>`: one stream per machine, minute and node. */
  private streamName(machineName: string, timestamp: number): string {
    const minute = Math.floor(timestamp / 60_000);
    // Formatting a date per event showed in the profile; the minute's text is kept while it lasts.
    if (minute !== this.minute) {
      this.minute = minute;
      this.minuteText = new Date(minute * 60_000).toISOString().slice(0, 16).replace('T', '-').replace(':', '-');
    }
    return `states/${machineName}/${this.minuteText}/${this.options.streamSuffix}`;
  }
}
