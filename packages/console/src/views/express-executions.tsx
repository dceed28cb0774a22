// An Express machine's executions: AWS keeps none of them, so they are listed from the machine's log
// records (the executions its LoggingConfiguration logged), each opening the page its records rebuild.

import { executionsFromRecords, filterRecords, logGroupOf } from '../api/logs.ts';
import type { StateMachineDescription } from '../api/types.ts';
import { formatAgo, formatDate, formatDuration, ms } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { ExecutionBadge } from '../components/status.tsx';
import { ErrorBox, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { paths } from '../router.ts';

export function ExpressExecutions(props: { machine: StateMachineDescription }) {
  const { machine } = props;
  const group = logGroupOf(machine.loggingConfiguration);
  const list = useData(async () => {
    if (group === undefined) return [];
    // The executions' starts and ends are enough for the list; one execution's page reads all its records.
    const pattern = '{ $.type = "Execution*" }';
    const prefix = `${machine.stateMachineArn.replace(':stateMachine:', ':express:')}:`;
    const records = (await filterRecords(group, pattern, 10_000)).filter((r) => r.execution_arn.startsWith(prefix));
    return executionsFromRecords(machine.stateMachineArn, records);
  }, [group, machine.stateMachineArn]);
  if (group === undefined) {
    return (
      <div class="empty-state" data-testid="express-unlogged">
        <p>
          Express executions keep no history, as on AWS: give this machine a LoggingConfiguration (level ALL) to see
          them here, read from their log records.
        </p>
      </div>
    );
  }
  if (list.error !== undefined) return <ErrorBox error={list.error} title="Could not read the executions' logs" />;
  if (list.data === undefined) return <Spinner />;
  return (
    <div class="table-card">
      <div class="table-note muted">
        Read from the log group <code>{group}</code>: only what the machine's logging level writes is shown.
      </div>
      <table class="table" data-testid="express-executions">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Started</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((e) => (
            <tr key={e.executionArn} data-execution={e.name}>
              <td>
                <Link href={paths.execution(e.executionArn)} class="strong-link mono-link">
                  {e.name}
                </Link>
              </td>
              <td>
                <ExecutionBadge status={e.status} />
              </td>
              <td>
                {formatDate(ms(e.startDate))}
                <div class="sub">{formatAgo(ms(e.startDate))}</div>
              </td>
              <td>{e.stopDate === undefined ? '—' : formatDuration((ms(e.stopDate) ?? 0) - (ms(e.startDate) ?? 0))}</td>
            </tr>
          ))}
          {list.data.length === 0 && (
            <tr>
              <td colSpan={4} class="empty-row">
                No logged executions yet
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
