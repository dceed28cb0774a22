// AWS's schedule expressions, parsed by us and computed with croner: `at(yyyy-mm-ddThh:mm:ss)` in the schedule's
// time zone, `rate(value unit)` from the schedule's start, and `cron(minutes hours day-of-month month day-of-week
// year)` with AWS's fields (day-of-week 1-7 = SUN-SAT, `?`, L, W, #, a year field) in the time zone.

import { Cron } from 'croner';

export type ScheduleExpression =
  | { kind: 'at'; local: string }
  | { kind: 'rate'; millis: number }
  | { kind: 'cron'; pattern: string; years?: (year: number) => boolean };

export class ScheduleExpressionError extends Error {
  override name = 'ScheduleExpressionError';
}

const units: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseScheduleExpression(text: string): ScheduleExpression {
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(text);
  if (at !== null) return { kind: 'at', local: at[1] ?? '' };
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(text);
  if (rate !== null) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (value < 1) throw new ScheduleExpressionError(`Invalid Schedule Expression ${text}: the rate must be positive.`);
    if ((value === 1) !== !unit.endsWith('s')) {
      throw new ScheduleExpressionError(
        `Invalid Schedule Expression ${text}: use ${value === 1 ? 'a singular' : 'a plural'} unit.`,
      );
    }
    return { kind: 'rate', millis: value * (units[unit.replace(/s$/, '')] ?? 0) };
  }
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron !== null) return parseCron(text, (cron[1] ?? '').trim().split(/\s+/));
  throw new ScheduleExpressionError(`Invalid Schedule Expression ${text}.`);
}

function parseCron(text: string, fields: string[]): ScheduleExpression {
  if (fields.length !== 6)
    throw new ScheduleExpressionError(`Invalid Schedule Expression ${text}: cron() takes 6 fields.`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(
      `Invalid Schedule Expression ${text}: one of day-of-month and day-of-week must be '?', and only one.`,
    );
  }
  const pattern = [
    openStep(minutes, 59),
    openStep(hours, 23),
    star(openStep(dayOfMonth, 31)),
    openStep(month, 12),
    star(awsDayOfWeek(openStep(dayOfWeek, 7))),
  ].join(' ');
  try {
    new Cron(pattern, { paused: true });
  } catch (error) {
    throw new ScheduleExpressionError(
      `Invalid Schedule Expression ${text}: ${error instanceof Error ? error.message : ''}`,
    );
  }
  return year === '*' ? { kind: 'cron', pattern } : { kind: 'cron', pattern, years: yearTest(text, year) };
}

function star(field: string): string {
  return field === '?' ? '*' : field;
}

/** AWS's `start/step` (as in `0/15`, every 15 from 0) is croner's `start-max/step`. */
function openStep(field: string, max: number): string {
  return field
    .split(',')
    .map((part) => part.replace(/^(\d+)\/(\d+)$/, `$1-${String(max)}/$2`))
    .join(',');
}

/** AWS numbers days 1 (SUN) to 7 (SAT); croner 0 (SUN) to 6. Names and steps stay. */
function awsDayOfWeek(field: string): string {
  return field
    .split(',')
    .map((part) => {
      const [days = '', step] = part.split('/');
      const converted = days.replace(/(^|-)([1-7])(?=$|[-#L])/g, (_, before: string, day: string) => {
        return `${before}${String(Number(day) - 1)}`;
      });
      return step === undefined ? converted : `${converted}/${step}`;
    })
    .join(',');
}

function yearTest(text: string, field: string): (year: number) => boolean {
  const parts = field.split(',').map((part) => {
    const match = /^(\d{4})(?:-(\d{4}))?(?:\/(\d+))?$/.exec(part);
    if (match === null) throw new ScheduleExpressionError(`Invalid Schedule Expression ${text}: bad year field.`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? (match[3] === undefined ? from : 2199) : Number(match[2]);
    const step = Number(match[3] ?? '1');
    return (year: number) => year >= from && year <= to && (year - from) % step === 0;
  });
  return (year) => parts.some((test) => test(year));
}

export interface FireContext {
  /** IANA time zone (ScheduleExpressionTimezone), UTC when absent. */
  timezone?: string;
  /** Where a rate counts from: the StartDate, else the creation time. */
  origin: number;
}

/** The first due time strictly after `after` (epoch ms), or undefined when there is none. */
export function nextFireAfter(expression: ScheduleExpression, after: number, context: FireContext): number | undefined {
  const timezone = context.timezone ?? 'UTC';
  if (expression.kind === 'at') {
    const time = new Cron(expression.local, { timezone, paused: true }).nextRun(new Date(after - 1))?.getTime();
    return time !== undefined && time > after ? time : undefined;
  }
  if (expression.kind === 'rate') {
    if (after < context.origin) return context.origin;
    return context.origin + (Math.floor((after - context.origin) / expression.millis) + 1) * expression.millis;
  }
  const cron = new Cron(expression.pattern, { timezone, paused: true });
  let from = new Date(after);
  for (let i = 0; i < 1000; i++) {
    const next = cron.nextRun(from);
    if (next === null) return undefined;
    // croner moves a local time the spring change skips to the next valid time; AWS skips that invocation.
    if (!cron.match(next)) {
      from = next;
      continue;
    }
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: timezone, year: 'numeric' }).format(next));
    if (expression.years === undefined || expression.years(year)) return next.getTime();
    if (year > 2199) return undefined;
    from = next;
  }
  return undefined;
}

/** Whether `timezone` is an IANA time zone name this runtime knows. */
export function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
