// The Triggers view's read-only cards: event rules (pattern, targets, recent matches), schedules (next fire
// times in their own time zone), pipes, and the delivery log (each event or fire, with the execution it started
// or why it did not).

import type { DeliveryEntry, PipeView, RuleView, ScheduleView } from '../api/triggers.ts';
import { arnName, formatDate } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { Card } from '../components/ui.tsx';
import { paths } from '../router.ts';

/** A due time as the clock of the schedule's time zone shows it. */
export function zonedTime(ms: number, zone: string): string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return format.format(new Date(ms));
}

/** A pattern on as few lines as the column allows: one line of JSON with spaces, wrapped by the cell. */
function prettyPattern(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text)).replace(/([,:])(?=["[{\d-])/g, '$1 ');
  } catch {
    return text;
  }
}

function Outcome(props: { entry: DeliveryEntry }) {
  const { entry } = props;
  if (entry.executionArn !== undefined) {
    return (
      <Link href={paths.execution(entry.executionArn)} class="mono-link">
        {arnName(entry.executionArn)}
      </Link>
    );
  }
  return <span class="delivery-error">{entry.error ?? entry.outcome}</span>;
}

export function RulesCard(props: { rules: RuleView[] }) {
  return (
    <Card title={`Event rules (${String(props.rules.length)})`}>
      {props.rules.length === 0 ? (
        <p class="card-empty">No rules. Create one with `aws events put-rule` and `put-targets`.</p>
      ) : (
        <table class="table" data-testid="rules">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Pattern or schedule</th>
              <th>Targets</th>
              <th>Recent matches</th>
            </tr>
          </thead>
          <tbody>
            {props.rules.map((rule) => (
              <tr key={rule.arn} data-rule={rule.name}>
                <td>
                  <strong>{rule.name}</strong>
                  <div class="muted">
                    {rule.eventBusName} · {rule.state === 'ENABLED' ? 'enabled' : 'disabled'}
                  </div>
                </td>
                <td>
                  <pre class="pattern">{rule.scheduleExpression ?? prettyPattern(rule.eventPattern)}</pre>
                </td>
                <td>
                  {rule.targets.map((target) => (
                    <div key={target.Id}>
                      <Link href={paths.machine(target.Arn)} class="mono-link">
                        {arnName(target.Arn)}
                      </Link>
                    </div>
                  ))}
                </td>
                <td>
                  {rule.recent.length === 0 && <span class="muted">none yet</span>}
                  {rule.recent.map((entry) => (
                    <div key={entry.deliveryId}>
                      <span class="muted">{formatDate(entry.time)}</span> <Outcome entry={entry} />
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function SchedulesCard(props: { schedules: ScheduleView[] }) {
  return (
    <Card title={`Schedules (${String(props.schedules.length)})`}>
      {props.schedules.length === 0 ? (
        <p class="card-empty">No schedules. Create one with `aws scheduler create-schedule`.</p>
      ) : (
        <table class="table" data-testid="schedules">
          <thead>
            <tr>
              <th>Schedule</th>
              <th>Expression</th>
              <th>Target</th>
              <th>Next fire times</th>
            </tr>
          </thead>
          <tbody>
            {props.schedules.map((schedule) => {
              const zone = schedule.ScheduleExpressionTimezone ?? 'UTC';
              return (
                <tr key={`${schedule.GroupName}/${schedule.Name}`} data-schedule={schedule.Name}>
                  <td>
                    <strong>{schedule.Name}</strong>
                    <div class="muted">
                      {schedule.GroupName} · {schedule.State === 'ENABLED' ? 'enabled' : 'disabled'}
                    </div>
                  </td>
                  <td>
                    <code>{schedule.ScheduleExpression}</code>
                    <div class="muted">{zone}</div>
                  </td>
                  <td>
                    <Link href={paths.machine(schedule.Target.Arn)} class="mono-link">
                      {arnName(schedule.Target.Arn)}
                    </Link>
                  </td>
                  <td class="next-fires">
                    {schedule.nextFires.length === 0 && <span class="muted">will not fire again</span>}
                    {schedule.nextFires.map((time) => (
                      <div key={time}>{zonedTime(time, zone)}</div>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function PipesCard(props: { pipes: PipeView[] }) {
  return (
    <Card title={`Pipes (${String(props.pipes.length)})`}>
      {props.pipes.length === 0 ? (
        <p class="card-empty">No pipes. Create one with `aws pipes create-pipe`.</p>
      ) : (
        <table class="table" data-testid="pipes">
          <thead>
            <tr>
              <th>Pipe</th>
              <th>Source</th>
              <th>Filters</th>
              <th>Target</th>
            </tr>
          </thead>
          <tbody>
            {props.pipes.map((pipe) => (
              <tr key={pipe.Name} data-pipe={pipe.Name}>
                <td>
                  <strong>{pipe.Name}</strong>
                  <div class="muted">{pipe.DesiredState === 'RUNNING' ? 'running' : 'stopped'}</div>
                </td>
                <td>
                  <span class="mono">{arnName(pipe.Source)}</span>
                  <div class="muted">
                    batches of {String(pipe.SourceParameters?.SqsQueueParameters?.BatchSize ?? 10)}
                  </div>
                </td>
                <td>
                  {(pipe.SourceParameters?.FilterCriteria?.Filters ?? []).map((filter) => (
                    <pre class="pattern" key={filter.Pattern}>
                      {prettyPattern(filter.Pattern)}
                    </pre>
                  ))}
                </td>
                <td>
                  <Link href={paths.machine(pipe.Target)} class="mono-link">
                    {arnName(pipe.Target)}
                  </Link>
                  <div class="muted">
                    {pipe.TargetParameters?.StepFunctionStateMachineParameters?.InvocationType ?? 'REQUEST_RESPONSE'}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function DeliveryLogCard(props: { deliveries: DeliveryEntry[] }) {
  return (
    <Card title="Delivery log">
      {props.deliveries.length === 0 ? (
        <p class="card-empty">Nothing delivered yet: events, fires and pipe batches appear here.</p>
      ) : (
        <table class="table" data-testid="deliveries">
          <thead>
            <tr>
              <th>Time</th>
              <th>From</th>
              <th>Event</th>
              <th>Outcome</th>
              <th>Execution, or why not</th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((entry) => (
              <tr key={`${entry.deliveryId}-${String(entry.time)}`} data-outcome={entry.outcome}>
                <td class="muted">{formatDate(entry.time)}</td>
                <td class="mono">{entry.source}</td>
                <td class="mono event-id" title={entry.eventId}>
                  {entry.eventId}
                </td>
                <td>
                  <span class={`outcome outcome-${entry.outcome.toLowerCase()}`}>{entry.outcome}</span>
                  {entry.attempts > 1 && <div class="muted">{String(entry.attempts)} attempts</div>}
                </td>
                <td>
                  <Outcome entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
