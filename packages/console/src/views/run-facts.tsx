// The facts an execution's header and a map run's header both list: when it started, how long it has run,
// its redrives and its ARN (dates in epoch seconds, as the API gives them).

import { formatDate, formatDuration, ms } from '../components/format.ts';
import { CopyButton } from '../components/ui.tsx';

/** Started, and the duration (while it runs, the time so far up to `now`, in epoch milliseconds). */
export function RunTimes(props: { startDate?: number; stopDate?: number; now: number }) {
  const start = ms(props.startDate) ?? 0;
  const end = ms(props.stopDate);
  return (
    <>
      <div>
        <dt>Started</dt>
        <dd>{formatDate(start)}</dd>
      </div>
      <div>
        <dt>{end === undefined ? 'Running for' : 'Duration'}</dt>
        <dd>{formatDuration((end ?? props.now) - start)}</dd>
      </div>
    </>
  );
}

/** How often and when last it was redriven; nothing when it never was. */
export function Redriven(props: { count?: number; date?: number }) {
  if ((props.count ?? 0) === 0) return null;
  return (
    <div>
      <dt>Redriven</dt>
      <dd>
        {props.count} × · {formatDate(ms(props.date))}
      </dd>
    </div>
  );
}

export function ArnFact(props: { arn: string }) {
  return (
    <div>
      <dt>ARN</dt>
      <dd class="mono">
        {props.arn} <CopyButton text={props.arn} />
      </dd>
    </div>
  );
}
