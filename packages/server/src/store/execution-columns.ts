// An execution row's columns as both stores' `executions` tables hold them: one list feeds SQLite's INSERT,
// PostgreSQL's and PostgreSQL's create function (migration 0011), so the three cannot drift apart.

import type { ExecutionRecord } from './records.ts';
import { jsonColumn, nullable } from './sqlite/db.ts';

/** The columns an insert writes, in the order of `executionColumns` (then `version`, 0). */
export const executionColumnNames = [
  'arn',
  'name',
  'state_machine_arn',
  'state_machine_version_arn',
  'state_machine_alias_arn',
  'definition_id',
  'revision_id',
  'role_arn',
  'logging_configuration',
  'tracing_configuration',
  'status',
  'input',
  'output',
  'error',
  'cause',
  'start_date',
  'stop_date',
  'redrive_count',
  'redrive_date',
  'trace_header',
  'map_run_arn',
  'parent_execution_arn',
  'parent_task_id',
  'parent_resource',
  'state',
] as const;

/** An execution's values for `executionColumnNames`; `stateHead` is its state's head (state-parts.ts). */
export function executionColumns(
  e: ExecutionRecord,
  definitionId: number,
  stateHead: string,
): (string | number | null)[] {
  return [
    e.arn,
    e.name,
    e.stateMachineArn,
    nullable(e.stateMachineVersionArn),
    nullable(e.stateMachineAliasArn),
    definitionId,
    e.revisionId,
    e.roleArn,
    jsonColumn(e.loggingConfiguration),
    jsonColumn(e.tracingConfiguration),
    e.state.status,
    e.input,
    nullable(e.state.output),
    nullable(e.state.error),
    nullable(e.state.cause),
    e.startDate,
    nullable(e.state.stopTime),
    e.state.execution.redriveCount ?? 0,
    nullable(e.redriveDate),
    nullable(e.traceHeader),
    nullable(e.mapRunArn),
    nullable(e.parent?.executionArn),
    nullable(e.parent?.taskId),
    nullable(e.parent?.resource),
    stateHead,
  ];
}
