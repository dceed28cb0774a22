// S3 event notification records become the events S3 sends to EventBridge, and a rule written for S3 on AWS
// (a key suffix on Object Created) matches them unchanged.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventsDeps } from './events-context.ts';
import { compilePatternText, matchesPattern } from './event-pattern.ts';
import { NotificationError, notificationRecords, s3Event } from './s3-notifications.ts';

const deps = {
  region: 'us-east-1',
  accountId: '123456789012',
  now: () => Date.parse('2026-12-05T10:00:00Z'),
  uuid: () => 'id-1',
} as EventsDeps;

const record = (eventName: string, key = 'my+cat.png') => ({
  eventVersion: '2.1',
  eventSource: 'aws:s3',
  awsRegion: 'eu-west-1',
  eventTime: '2026-12-05T09:30:00.123Z',
  eventName,
  userIdentity: { principalId: 'AWS:AIDA' },
  requestParameters: { sourceIPAddress: '10.0.0.1' },
  responseElements: { 'x-amz-request-id': 'REQ1' },
  s3: {
    bucket: { name: 'uploads', arn: 'arn:aws:s3:::uploads' },
    object: { key, size: 3, eTag: 'abc', sequencer: '0055' },
  },
});

describe('S3 notifications as EventBridge events', () => {
  it('ObjectCreated:Put is an Object Created event in AWS shape, the key decoded', () => {
    assert.deepEqual(s3Event(deps, record('ObjectCreated:Put'), 0), {
      version: '0',
      id: 'id-1',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '123456789012',
      time: '2026-12-05T09:30:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:s3:::uploads'],
      detail: {
        version: '0',
        bucket: { name: 'uploads' },
        object: { key: 'my cat.png', size: 3, etag: 'abc', sequencer: '0055' },
        'request-id': 'REQ1',
        requester: 'AWS:AIDA',
        'source-ip-address': '10.0.0.1',
        reason: 'PutObject',
      },
    });
  });

  it('deletes are Object Deleted with their deletion type; other kinds are skipped', () => {
    const deleted = s3Event(deps, record('s3:ObjectRemoved:DeleteMarkerCreated'), 0);
    assert.equal(deleted?.['detail-type'], 'Object Deleted');
    assert.equal((deleted.detail as Record<string, unknown>)['deletion-type'], 'Delete Marker Created');
    assert.equal(s3Event(deps, record('ObjectRestore:Post'), 0), undefined);
  });

  it('a rule on a key suffix matches as on AWS', () => {
    const pattern = compilePatternText(
      JSON.stringify({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { object: { key: [{ suffix: '.png' }] } },
      }),
    );
    assert.equal(matchesPattern(pattern, s3Event(deps, record('ObjectCreated:Put', 'a.png'), 0)), true);
    assert.equal(matchesPattern(pattern, s3Event(deps, record('ObjectCreated:Put', 'a.txt'), 0)), false);
  });

  it('reads Records from the body, from an SNS envelope, and skips the test event', () => {
    assert.equal(notificationRecords({ Records: [1, 2] }).length, 2);
    assert.equal(notificationRecords({ Type: 'Notification', Message: JSON.stringify({ Records: [1] }) }).length, 1);
    assert.deepEqual(notificationRecords({ Service: 'Amazon S3', Event: 's3:TestEvent' }), []);
    assert.throws(() => notificationRecords({ records: [] }), NotificationError);
    assert.throws(
      () => s3Event(deps, { eventName: 'ObjectCreated:Put', s3: {} }, 3),
      /Records\[3\] has no s3\.bucket\.name/,
    );
  });
});
