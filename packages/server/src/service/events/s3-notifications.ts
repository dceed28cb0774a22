// S3 event notifications (the `Records[]` body S3 puts on SQS and S3-compatible stores such as MinIO and Ceph RGW
// send by webhook) turned into the events S3 sends to EventBridge: `source: aws.s3`, `detail-type: Object
// Created` or `Object Deleted`, AWS's `detail` shape, so that rules written for S3 on AWS match unchanged.

import { isObject } from './event-pattern.ts';
import { eventTime, putBusEvents, type BusEvent } from './put-events.ts';
import type { RuleCache } from './rule-cache.ts';
import type { EventsDeps } from './events-context.ts';

export class NotificationError extends Error {
  override name = 'NotificationError';
}

/** The S3 notification in a message body: `{"Records": [...]}`, also wrapped in an SNS notification. */
export function notificationRecords(body: unknown): unknown[] {
  if (isObject(body) && body.Type === 'Notification' && typeof body.Message === 'string') {
    return notificationRecords(parseJson(body.Message));
  }
  if (isObject(body) && body.Event === 's3:TestEvent') return [];
  if (!isObject(body) || !Array.isArray(body.Records)) {
    throw new NotificationError('the body is not an S3 event notification: it has no "Records" array');
  }
  return body.Records;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new NotificationError(`the body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const reasons: Record<string, string> = {
  Put: 'PutObject',
  Post: 'PostObject',
  Copy: 'CopyObject',
  CompleteMultipartUpload: 'CompleteMultipartUpload',
  Delete: 'DeleteObject',
  DeleteMarkerCreated: 'DeleteObject',
};

/** The EventBridge event for one record; undefined for kinds EventBridge has no S3 event for here. */
export function s3Event(deps: EventsDeps, record: unknown, index: number): BusEvent | undefined {
  if (!isObject(record)) throw new NotificationError(`Records[${String(index)}] is not an object`);
  const name = typeof record.eventName === 'string' ? record.eventName.replace(/^s3:/, '') : '';
  const [kind, action = ''] = name.split(':');
  if (kind !== 'ObjectCreated' && kind !== 'ObjectRemoved') return undefined;
  const s3 = isObject(record.s3) ? record.s3 : {};
  const bucket = isObject(s3.bucket) ? s3.bucket : {};
  const object = isObject(s3.object) ? s3.object : {};
  if (typeof bucket.name !== 'string' || typeof object.key !== 'string') {
    throw new NotificationError(`Records[${String(index)}] has no s3.bucket.name or s3.object.key`);
  }
  const time = typeof record.eventTime === 'string' ? Date.parse(record.eventTime) : NaN;
  return {
    version: '0',
    id: deps.uuid(),
    'detail-type': kind === 'ObjectCreated' ? 'Object Created' : 'Object Deleted',
    source: 'aws.s3',
    account: deps.accountId,
    time: eventTime(Number.isNaN(time) ? deps.now() : time),
    region: typeof record.awsRegion === 'string' && record.awsRegion !== '' ? record.awsRegion : deps.region,
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail: s3Detail(record, bucket.name, object, action),
  };
}

function s3Detail(record: Record<string, unknown>, bucket: string, object: Record<string, unknown>, action: string) {
  const identity = isObject(record.userIdentity) ? record.userIdentity : {};
  const request = isObject(record.requestParameters) ? record.requestParameters : {};
  const response = isObject(record.responseElements) ? record.responseElements : {};
  const detail: Record<string, unknown> = {
    version: '0',
    bucket: { name: bucket },
    object: {
      // Notifications URL-encode keys (a space as '+'); EventBridge events carry the key itself.
      key: decodeURIComponent(String(object.key).replace(/\+/g, ' ')),
      ...(typeof object.size === 'number' ? { size: object.size } : {}),
      ...(typeof object.eTag === 'string' ? { etag: object.eTag } : {}),
      ...(typeof object.versionId === 'string' ? { 'version-id': object.versionId } : {}),
      ...(typeof object.sequencer === 'string' ? { sequencer: object.sequencer } : {}),
    },
    'request-id': typeof response['x-amz-request-id'] === 'string' ? response['x-amz-request-id'] : '',
    requester: typeof identity.principalId === 'string' ? identity.principalId : '',
    'source-ip-address': typeof request.sourceIPAddress === 'string' ? request.sourceIPAddress : '',
    reason: reasons[action] ?? action,
  };
  if (action === 'Delete') detail['deletion-type'] = 'Permanently Deleted';
  if (action === 'DeleteMarkerCreated') detail['deletion-type'] = 'Delete Marker Created';
  return detail;
}

/** Puts a notification's events on the default bus (matched, deliveries committed); how many there were. */
export async function putS3Notification(deps: EventsDeps, rules: RuleCache, body: unknown): Promise<number> {
  const events = notificationRecords(body)
    .map((record, index) => s3Event(deps, record, index))
    .filter((event) => event !== undefined);
  await putBusEvents(
    deps,
    rules,
    events.map((event) => ({ bus: 'default', event })),
  );
  return events.length;
}
