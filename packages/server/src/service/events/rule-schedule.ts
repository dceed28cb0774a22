// The ScheduleExpression of a rule: `rate(value unit)` or `cron(six fields)`, checked as EventBridge checks it.

import { validation } from './events-context.ts';

const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

export function checkRuleSchedule(expression: string): void {
  const match = rate.exec(expression);
  if (match !== null) {
    const value = Number(match[1]);
    const unit = match[2] ?? '';
    if (value >= 1 && (value === 1) === !unit.endsWith('s')) return;
  } else if (/^cron\(\S+( \S+){5}\)$/.test(expression)) {
    return;
  }
  throw validation('Parameter ScheduleExpression is not valid.');
}
