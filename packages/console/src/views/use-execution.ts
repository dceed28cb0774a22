// An execution as the page sees it: DescribeExecution and the whole history (paged through the API), then
// kept current by the live stream, which sends only the events after the last one held. An Express
// execution is read from its log records instead, as on AWS.

import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { ApiError, call, loadHistory } from '../api/client.ts';
import { describeFromRecords, eventOfRecord, executionRecords, logGroupOf } from '../api/logs.ts';
import { machineArnOfExecution } from '../components/format.ts';
import { watchExecution } from '../api/stream.ts';
import type { ExecutionDescription, HistoryEvent } from '../api/types.ts';

export interface LiveExecution {
  execution: ExecutionDescription | undefined;
  /** Grows in place; `version` changes whenever it does. */
  events: HistoryEvent[];
  version: number;
  /** True once the whole history up to the stream's start has been read. */
  complete: boolean;
  error: unknown;
}

export function useExecution(arn: string): LiveExecution {
  const [execution, setExecution] = useState<ExecutionDescription>();
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<unknown>();
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const events = useRef<HistoryEvent[]>([]);

  useEffect(() => {
    events.current = [];
    setExecution(undefined);
    setComplete(false);
    setError(undefined);
    bump(0);
    const signal = { cancelled: false };
    let close = () => {};
    const append = (page: HistoryEvent[]) => {
      const last = events.current[events.current.length - 1]?.id ?? 0;
      for (const event of page) if (event.id > last) events.current.push(event);
      bump(0);
    };
    const run = async () => {
      if (isExpressExecution(arn)) {
        // AWS keeps nothing of an Express execution but its log records: the page is built from them.
        const fromLogs = await expressFromLogs(arn);
        if (signal.cancelled) return;
        setExecution(fromLogs.execution);
        append(fromLogs.events);
        setComplete(true);
        return;
      }
      setExecution(await call('DescribeExecution', { executionArn: arn }));
      await loadHistory(arn, append, signal);
      if (signal.cancelled) return;
      setComplete(true);
      close = watchExecution(arn, events.current[events.current.length - 1]?.id ?? 0, {
        onEvents: append,
        onExecution: setExecution,
      });
    };
    run().catch((e: unknown) => {
      if (!signal.cancelled) setError(e);
    });
    return () => {
      signal.cancelled = true;
      close();
    };
  }, [arn]);

  return { execution, events: events.current, version, complete, error };
}

/** `arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID` */
export function isExpressExecution(arn: string): boolean {
  return arn.split(':')[5] === 'express';
}

async function expressFromLogs(arn: string): Promise<{ execution: ExecutionDescription; events: HistoryEvent[] }> {
  const machineArn = machineArnOfExecution(arn);
  const machine = await call('DescribeStateMachine', { stateMachineArn: machineArn });
  const group = logGroupOf(machine.loggingConfiguration);
  if (group === undefined) {
    throw new ApiError('ExecutionDoesNotExist', 'This Express machine logs nothing: its executions leave no trace.');
  }
  const records = await executionRecords(group, arn);
  if (records.length === 0) {
    throw new ApiError('ExecutionDoesNotExist', `No log records of this execution in ${group}.`);
  }
  const events = records.map(eventOfRecord).sort((a, b) => a.id - b.id);
  return { execution: describeFromRecords(arn, machineArn, records), events };
}
