// InputTransformer as AWS documents it: its table of templates (plain strings, escaped quotes, JSON with
// values in and out of quotes), missing paths, and the predefined variables (aws.events.event has no detail).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillTemplate, targetInput } from './input-transform.ts';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2026-12-06T10:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING', tags: { team: 'a' }, count: 3 },
};
const context = {
  ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r',
  ruleName: 'r',
  ingestionTime: '2026-12-06T10:00:01Z',
};
const paths = { instance: '$.detail.instance-id', state: '$.detail.state', tags: '$.detail.tags', n: '$.detail.count' };

function fill(template: string): string {
  return fillTemplate({ InputPathsMap: paths, InputTemplate: template }, event, context);
}

describe('InputTransformer', () => {
  it("fills AWS's documented templates with its quoting rules", () => {
    const cases: [string, string][] = [
      ['"instance <instance> is in <state>"', '"instance i-0123456789 is in RUNNING"'],
      ['"instance \\"<instance>\\" is in <state>"', '"instance \\"i-0123456789\\" is in RUNNING"'],
      ['{"instance": <instance>, "state": <state>}', '{"instance": "i-0123456789", "state": "RUNNING"}'],
      [
        '{"instance": <instance>, "state": "<state>", "status": "instance \\"<instance>\\" is in <state>"}',
        '{"instance": "i-0123456789", "state": "RUNNING", "status": "instance \\"i-0123456789\\" is in RUNNING"}',
      ],
      ['{"tags": <tags>, "n": <n>, "text": "<n> tags"}', '{"tags": {"team":"a"}, "n": 3, "text": "3 tags"}'],
    ];
    for (const [template, expected] of cases) {
      const got = fill(template);
      assert.equal(got, expected, template);
      assert.doesNotThrow(() => JSON.parse(got), template);
    }
  });

  it('a path that finds nothing is null outside quotes and empty inside; an unknown name is left as it is', () => {
    const got = fillTemplate(
      { InputPathsMap: { gone: '$.detail.nothing' }, InputTemplate: '{"a": <gone>, "b": "x<gone>y", "c": "<other>"}' },
      event,
      context,
    );
    assert.equal(got, '{"a": null, "b": "xy", "c": "<other>"}');
  });

  it('predefined variables: the rule, the ingestion time, the event without detail and the whole event', () => {
    const got = JSON.parse(
      fill(
        '{"rule": <aws.events.rule-name>, "arn": "<aws.events.rule-arn>", "at": <aws.events.event.ingestion-time>, ' +
          '"event": <aws.events.event>, "json": <aws.events.event.json>}',
      ),
    ) as Record<string, unknown>;
    const envelope: Record<string, unknown> = { ...event };
    delete envelope.detail;
    assert.deepEqual(got, {
      rule: 'r',
      arn: context.ruleArn,
      at: context.ingestionTime,
      event: envelope,
      json: event,
    });
  });

  it('Input is sent as given, InputPath picks a part, no input member sends the event', () => {
    assert.equal(targetInput({ Input: '{"fixed": 1}' }, event, context), '{"fixed": 1}');
    assert.equal(targetInput({ InputPath: '$.detail.tags' }, event, context), '{"team":"a"}');
    assert.equal(targetInput({ InputPath: '$.resources[0]' }, event, context), JSON.stringify(event.resources[0]));
    assert.deepEqual(JSON.parse(targetInput({}, event, context)), event);
  });
});
