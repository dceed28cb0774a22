// The logs tab of a machine or an execution: the records its LoggingConfiguration writes, read back through
// the CloudWatch Logs API (FilterLogEvents), newest last, with a filter pattern the user may change.

import { useState } from 'preact/hooks';
import { filterRecords, type LogRecord } from '../api/logs.ts';
import { formatDate } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { ErrorBox, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { paths } from '../router.ts';

const shownRecords = 1000;

/** Whose records a tab shows: one execution (`exact`), or a machine's (its executions' ARN prefix). */
export interface LogScope {
  executionArnPrefix: string;
  exact?: boolean;
}

/**
 * A log group may hold several machines' records: the scope goes into the filter pattern, joined to the
 * user's JSON pattern; a term pattern cannot be joined, so its results are narrowed here.
 */
function scopedRecords(group: string, scope: LogScope, userPattern: string): Promise<LogRecord[]> {
  const value = JSON.stringify(scope.exact === true ? scope.executionArnPrefix : `${scope.executionArnPrefix}*`);
  const scoped = `$.execution_arn = ${value}`;
  const trimmed = userPattern.trim();
  if (trimmed === '') return filterRecords(group, `{ ${scoped} }`, shownRecords);
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    return filterRecords(group, `{ (${scoped}) && (${trimmed.slice(1, -1)}) }`, shownRecords);
  }
  const inScope = (record: LogRecord): boolean =>
    scope.exact === true
      ? record.execution_arn === scope.executionArnPrefix
      : record.execution_arn.startsWith(scope.executionArnPrefix);
  return filterRecords(group, trimmed, shownRecords).then((records) => records.filter(inScope));
}

export function LogsPanel(props: { group: string | undefined; scope: LogScope }) {
  const { group, scope } = props;
  const [pattern, setPattern] = useState('');
  const records = useData(
    () => (group === undefined ? Promise.resolve([]) : scopedRecords(group, scope, pattern)),
    [group, scope.executionArnPrefix, pattern],
  );
  if (group === undefined) {
    return (
      <div class="empty-state" data-testid="logs-off">
        <p>This state machine writes no execution logs: its LoggingConfiguration has no level or no log group.</p>
      </div>
    );
  }
  return (
    <div class="logs-panel">
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          const input = event.currentTarget.elements.namedItem('pattern') as HTMLInputElement;
          setPattern(input.value);
        }}
      >
        <span class="muted">
          Log group <code>{group}</code>
        </span>
        <input
          name="pattern"
          type="search"
          class="input input-wide"
          defaultValue={pattern}
          placeholder='Filter pattern, e.g. { $.type = "TaskFailed" }'
          aria-label="Filter pattern"
        />
        <button type="submit" class="button">
          Filter
        </button>
        <button type="button" class="button" onClick={records.reload}>
          Refresh
        </button>
      </form>
      {records.error !== undefined && <ErrorBox error={records.error} title="Could not read the log group" />}
      {records.data === undefined ? <Spinner /> : <RecordTable records={records.data} linkExecutions={!scope.exact} />}
    </div>
  );
}

function RecordTable(props: { records: LogRecord[]; linkExecutions: boolean }) {
  return (
    <div class="table-card">
      <table class="table" data-testid="log-records">
        <thead>
          <tr>
            <th>Time</th>
            <th>Type</th>
            {props.linkExecutions && <th>Execution</th>}
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {props.records.map((record) => (
            <tr key={`${record.execution_arn}#${record.id}`} data-type={record.type}>
              <td>{formatDate(Number(record.event_timestamp))}</td>
              <td>{record.type}</td>
              {props.linkExecutions && (
                <td>
                  <Link href={paths.execution(record.execution_arn)} class="mono-link">
                    {record.execution_arn.split(':').slice(7).join(':')}
                  </Link>
                </td>
              )}
              <td class="mono cell-clip">{JSON.stringify(record.details ?? {})}</td>
            </tr>
          ))}
          {props.records.length === 0 && (
            <tr>
              <td colSpan={4} class="empty-row">
                No records match
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
