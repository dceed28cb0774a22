// Executions started by a Task (`arn:aws:states:::states:startExecution...`): a `.sync` child reports its
// end to the parent's task (DescribeExecution's shape, AWS's capitalised members), and a parent whose task
// is cancelled (stopped, timed out, its branch failed) stops its `.sync` children. Both are work items
// committed with the step that causes them, so neither is lost in a crash (the stops are listed by the
// store inside that commit: store/child-stops.ts).

import {
  awaitedTasks,
  isIntegration,
  parseResource,
  type EngineInput,
  type ExecutionState,
  type JsonObject,
  type JsonValue,
} from '@stepwise/core';
import type { ExecutionRecord, WorkItem } from '../store/store.ts';
import { workId } from './work-changes.ts';

/** `.sync` reports the child's Input and Output as JSON text, `.sync:2` as JSON values. */
export function nestedSyncMode(resource: string): 'sync' | 'sync:2' | undefined {
  const parsed = parseResource(resource);
  if (!isIntegration(parsed, 'states', 'startExecution')) return undefined;
  if (parsed.suffix === '.sync') return 'sync';
  if (parsed.suffix === '.sync:2') return 'sync:2';
  return undefined;
}

/** What a parent task hears of a child: enough to build DescribeExecution's shape. */
export type ChildSummary = Pick<
  ExecutionRecord,
  | 'arn'
  | 'name'
  | 'stateMachineArn'
  | 'status'
  | 'input'
  | 'output'
  | 'error'
  | 'cause'
  | 'startDate'
  | 'stopDate'
  | 'redriveCount'
>;

/** The parent task's answer for an ended child: its result when it succeeded, States.TaskFailed otherwise. */
export function childAnswer(child: ChildSummary, taskId: string, mode: 'sync' | 'sync:2'): EngineInput {
  const description = JSON.stringify(describeChild(child, mode === 'sync:2'));
  if (child.status === 'SUCCEEDED') return { type: 'TaskSucceeded', taskId, output: description };
  return { type: 'TaskFailed', taskId, error: 'States.TaskFailed', cause: description };
}

/** DescribeExecution as the Step Functions integration returns it: members capitalised, dates in epoch ms. */
export function describeChild(child: ChildSummary, parsed: boolean): JsonObject {
  const json = (text: string): JsonValue => (parsed ? (JSON.parse(text) as JsonValue) : text);
  const redrivable = child.status !== 'RUNNING' && child.status !== 'SUCCEEDED';
  const description: JsonObject = {};
  if (child.cause !== undefined) description.Cause = child.cause;
  if (child.error !== undefined) description.Error = child.error;
  description.ExecutionArn = child.arn;
  description.Input = json(child.input);
  description.InputDetails = { Included: true };
  description.Name = child.name;
  if (child.output !== undefined) {
    description.Output = json(child.output);
    description.OutputDetails = { Included: true };
  }
  description.RedriveCount = child.redriveCount;
  description.RedriveStatus = redrivable ? 'REDRIVABLE' : 'NOT_REDRIVABLE';
  if (!redrivable) description.RedriveStatusReason = `Execution is ${child.status} and cannot be redriven`;
  description.StartDate = child.startDate;
  description.StateMachineArn = child.stateMachineArn;
  description.Status = child.status;
  if (child.stopDate !== undefined) description.StopDate = child.stopDate;
  return description;
}

/** The work that reports an ended `.sync` child to its parent task (undefined for any other execution). */
export function reportToParent(record: ExecutionRecord, now: number): WorkItem | undefined {
  const parent = record.parent;
  if (parent === undefined || record.status === 'RUNNING') return undefined;
  const mode = nestedSyncMode(parent.resource);
  if (mode === undefined) return undefined;
  const input = childAnswer(record, parent.taskId, mode);
  const id = `${workId(parent.executionArn, parent.taskId)}#child`;
  return { id, executionArn: parent.executionArn, kind: 'input', dueTime: now, input };
}

/**
 * What a new child's first step tells its parent task, committed with it: TaskSubmitted (the
 * StartExecution response), then, when the child already ended, its answer. Committed together, the
 * parent can never hear of the child's end before its start.
 */
export function firstReports(record: ExecutionRecord, submitted: string | undefined, now: number): WorkItem[] {
  const parent = record.parent;
  if (parent === undefined) return [];
  const work: WorkItem[] = [];
  if (submitted !== undefined) {
    const input: EngineInput = { type: 'TaskSubmitted', taskId: parent.taskId, output: submitted };
    const id = `${workId(parent.executionArn, parent.taskId)}#submitted`;
    work.push({ id, executionArn: parent.executionArn, kind: 'input', dueTime: now, input });
  }
  const report = reportToParent(record, now);
  if (report !== undefined) work.push(report);
  return work;
}

/** The engine ids of the `.sync` child-execution tasks an execution waits for now. */
export function syncChildTasks(state: ExecutionState): Set<string> {
  const ids = new Set<string>();
  for (const task of awaitedTasks(state)) {
    if (nestedSyncMode(task.resource) !== undefined) ids.add(task.taskId);
  }
  return ids;
}
