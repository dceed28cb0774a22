// The ScheduleExpression of a rule: `rate(value unit)` or `cron(six fields)` (not at()), checked as EventBridge
// checks it, with the Scheduler's parser.

import { parseScheduleExpression, ScheduleExpressionError } from '../schedules/schedule-expression.ts';
import { validation } from './events-context.ts';

export function checkRuleSchedule(expression: string): void {
  try {
    if (parseScheduleExpression(expression).kind !== 'at') return;
  } catch (error) {
    if (!(error instanceof ScheduleExpressionError)) throw error;
  }
  throw validation('Parameter ScheduleExpression is not valid.');
}
