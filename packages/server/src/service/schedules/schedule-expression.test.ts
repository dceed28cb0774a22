// Schedule expressions on a virtual clock (no waiting): at() in a time zone, rate() from the start, cron() with
// AWS's day-of-week numbers, `?`, L, #, the year field, time zones and both daylight-saving changes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextFireAfter, parseScheduleExpression, ScheduleExpressionError } from './schedule-expression.ts';

const utc = (text: string) => Date.parse(text);
const iso = (time: number | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

function fires(expression: string, from: string, count: number, timezone?: string, origin = utc(from)): string[] {
  const parsed = parseScheduleExpression(expression);
  const out: string[] = [];
  let after = utc(from);
  for (let i = 0; i < count; i++) {
    const next = nextFireAfter(parsed, after, { origin, ...(timezone === undefined ? {} : { timezone }) });
    if (next === undefined) break;
    out.push(iso(next) ?? '');
    after = next;
  }
  return out;
}

describe('schedule expressions', () => {
  it('at() fires once, at the local time of its time zone', () => {
    assert.deepEqual(fires('at(2026-12-05T09:00:00)', '2026-12-01T00:00:00Z', 3, 'America/New_York'), [
      '2026-12-05T14:00:00.000Z',
    ]);
    assert.deepEqual(fires('at(2026-12-05T09:00:00)', '2026-12-01T00:00:00Z', 2), ['2026-12-05T09:00:00.000Z']);
    assert.deepEqual(fires('at(2026-12-05T09:00:00)', '2026-12-06T00:00:00Z', 1), []);
  });

  it('at() on a local time a daylight-saving change skips or repeats fires once', () => {
    // 02:30 does not exist in Paris on 2026-03-29 (02:00 CET becomes 03:00 CEST): it fires at 03:30 CEST.
    assert.deepEqual(fires('at(2026-03-29T02:30:00)', '2026-03-01T00:00:00Z', 2, 'Europe/Paris'), [
      '2026-03-29T01:30:00.000Z',
    ]);
    // 02:30 happens twice on 2026-10-25: the first one, in summer time.
    assert.deepEqual(fires('at(2026-10-25T02:30:00)', '2026-10-01T00:00:00Z', 2, 'Europe/Paris'), [
      '2026-10-25T00:30:00.000Z',
    ]);
  });

  it('rate() counts from the start date', () => {
    assert.deepEqual(fires('rate(5 minutes)', '2026-12-05T10:00:00Z', 3, undefined, utc('2026-12-05T09:58:00Z')), [
      '2026-12-05T10:03:00.000Z',
      '2026-12-05T10:08:00.000Z',
      '2026-12-05T10:13:00.000Z',
    ]);
    assert.deepEqual(fires('rate(1 day)', '2026-12-05T10:00:00Z', 1, undefined, utc('2026-12-06T00:00:00Z')), [
      '2026-12-06T00:00:00.000Z',
    ]);
  });

  it('cron() at 8 am in a time zone, across the spring and autumn changes', () => {
    assert.deepEqual(fires('cron(0 8 * * ? *)', '2026-03-27T12:00:00Z', 3, 'Europe/Paris'), [
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
    ]);
    assert.deepEqual(fires('cron(0 8 * * ? *)', '2026-10-24T12:00:00Z', 2, 'Europe/Paris'), [
      '2026-10-25T07:00:00.000Z',
      '2026-10-26T07:00:00.000Z',
    ]);
  });

  it('a local time the spring change skips is not fired (as AWS skips it); one the autumn change repeats fires once', () => {
    // 02:30 does not exist in Paris on 2026-03-29: the next fire is 02:30 the day after.
    assert.deepEqual(fires('cron(30 2 * * ? *)', '2026-03-28T12:00:00Z', 2, 'Europe/Paris'), [
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
    // Every 30 minutes: 02:00 and 02:30 local are skipped, 01:30 and 03:00 are an hour of real time apart.
    assert.deepEqual(fires('cron(0/30 * * * ? *)', '2026-03-29T00:15:00Z', 3, 'Europe/Paris'), [
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
    // New York springs forward on 2026-03-08: no 02:30 that day.
    assert.deepEqual(fires('cron(30 2 * * ? *)', '2026-03-07T00:00:00Z', 2, 'America/New_York'), [
      '2026-03-07T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
    assert.deepEqual(fires('cron(30 2 * * ? *)', '2026-10-24T12:00:00Z', 2, 'Europe/Paris'), [
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it("cron() day-of-week is AWS's 1-7 = SUN-SAT, with ranges, names, # and L", () => {
    // 2026-12-07 is a Monday.
    assert.deepEqual(fires('cron(0 10 ? * 2-6 *)', '2026-12-05T00:00:00Z', 2), [
      '2026-12-07T10:00:00.000Z',
      '2026-12-08T10:00:00.000Z',
    ]);
    assert.deepEqual(fires('cron(0 10 ? * MON-FRI *)', '2026-12-05T00:00:00Z', 1), ['2026-12-07T10:00:00.000Z']);
    assert.deepEqual(fires('cron(0 10 ? * 2#1 *)', '2026-12-08T00:00:00Z', 1), ['2027-01-04T10:00:00.000Z']);
    assert.deepEqual(fires('cron(0 0 L * ? *)', '2026-02-01T00:00:00Z', 1), ['2026-02-28T00:00:00.000Z']);
  });

  it("cron() steps from a start value, as AWS's cron(0/15 * * * ? *)", () => {
    assert.deepEqual(fires('cron(0/15 * * * ? *)', '2026-12-05T10:05:00Z', 3), [
      '2026-12-05T10:15:00.000Z',
      '2026-12-05T10:30:00.000Z',
      '2026-12-05T10:45:00.000Z',
    ]);
    assert.deepEqual(fires('cron(5 8/6 * * ? *)', '2026-12-05T09:00:00Z', 2), [
      '2026-12-05T14:05:00.000Z',
      '2026-12-05T20:05:00.000Z',
    ]);
    // Day-of-week 2/2 is MON, WED, FRI (AWS numbers SUN 1); the step is not a day to renumber.
    assert.deepEqual(fires('cron(0 9 ? * 2/2 *)', '2026-12-06T00:00:00Z', 4), [
      '2026-12-07T09:00:00.000Z',
      '2026-12-09T09:00:00.000Z',
      '2026-12-11T09:00:00.000Z',
      '2026-12-14T09:00:00.000Z',
    ]);
    assert.deepEqual(fires('cron(0 9 ? * */3 *)', '2026-12-06T00:00:00Z', 3), [
      '2026-12-06T09:00:00.000Z',
      '2026-12-09T09:00:00.000Z',
      '2026-12-12T09:00:00.000Z',
    ]);
  });

  it('cron() year field', () => {
    assert.deepEqual(fires('cron(0 0 1 1 ? 2028-2029)', '2026-12-05T00:00:00Z', 3), [
      '2028-01-01T00:00:00.000Z',
      '2029-01-01T00:00:00.000Z',
    ]);
  });

  it('refuses bad expressions with what is wrong', () => {
    for (const [text, reason] of [
      ['rate(0 minutes)', /positive/],
      ['rate(5 minute)', /plural/],
      ['rate(1 hours)', /singular/],
      ['cron(0 8 * * *)', /6 fields/],
      ['cron(0 8 * * 1 *)', /'\?'/],
      ['cron(0 8 ? * ? *)', /'\?'/],
      ['cron(0 99 * * ? *)', /Invalid Schedule Expression/],
      ['every day', /Invalid Schedule Expression every day/],
    ] as const) {
      assert.throws(
        () => parseScheduleExpression(text),
        (error: unknown) => error instanceof ScheduleExpressionError && reason.test(error.message),
        text,
      );
    }
  });
});
