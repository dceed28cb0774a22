// LocalStack TransformerUtility bundles a case may name: resource_name, sqs_api, sfn_sqs_integration, sns_api, dynamodb_api.
import type { Tree } from './json-tree.ts';
import { findPath } from './json-path.ts';
import { keyValue, keyValueTransform, type KeyValueMatch } from './key-value.ts';
import type { TransformContext } from './transform-context.ts';

const arnPattern = /^arn:(aws[a-zA-Z-]*)?:([a-zA-Z0-9-_.]+)?:([^:]+)?:(\d{12})?:(.*)/;

/** `_resource_name_transformer`: the resource name of an ARN value. */
export const resourceName: KeyValueMatch = (_key, value) => {
  if (typeof value !== 'string') return undefined;
  const m = arnPattern.exec(value);
  if (!m) return undefined;
  let res = m[5] ?? '';
  if (res.startsWith('<') && res.endsWith('>')) return undefined;
  if (value.includes(':changeSet/')) return value.split(':changeSet/').pop();
  if (res.includes('/')) return res.split('/').pop();
  if (res.startsWith('function:')) {
    res = res.replace('function:', '');
    if (res.includes('$')) res = (res.split('$')[0] ?? '').replace(/:+$/, '');
    return res;
  }
  if (res.startsWith('layer:')) {
    const parts = res.split(':');
    return parts.length === 2 || parts.length === 3 ? parts[1] : undefined;
  }
  if (res.includes(':')) return res.split(':').pop();
  return res;
};

/** `_replace_camel_string_with_hyphen`: `MD5OfMessageBody` -> `m-d5-of-message-body`. */
export function hyphenate(key: string): string {
  const out = Array.from(key, (ch) => (ch >= 'A' && ch <= 'Z' ? `-${ch.toLowerCase()}` : ch)).join('');
  return out.replace(/^-+|-+$/g, '');
}

function keyRef(root: Tree, key: string, ctx: TransformContext): void {
  keyValue(root, key, hyphenate(key), true, ctx);
}

function sqsApi(root: Tree, ctx: TransformContext): void {
  for (const key of ['ReceiptHandle', 'TaskHandle', 'SenderId', 'SequenceNumber']) keyRef(root, key, ctx);
  for (const m of findPath(root, '$..MessageAttributes.RequestID.StringValue')) ctx.reference(m.value, 'request-id');
  keyValueTransform(root, resourceName, 'resource', true, ctx);
}

const pemFile: KeyValueMatch = (key, value) =>
  typeof value === 'string' && key.toLowerCase() === 'signingcerturl'
    ? /^.*SimpleNotificationService-(.*\.pem)/.exec(value)?.[1]
    : undefined;

const unsubscribeArn: KeyValueMatch = (key, value) =>
  typeof value === 'string' && key.toLowerCase() === 'unsubscribeurl'
    ? /^.*(?<=\?Action=Unsubscribe&SubscriptionArn=).*:(.*)/.exec(value)?.[1]
    : undefined;

function snsApi(root: Tree, ctx: TransformContext): void {
  keyRef(root, 'ReceiptHandle', ctx);
  keyRef(root, 'SequenceNumber', ctx);
  keyValue(root, 'Signature', '<signature>', false, ctx);
  keyValue(root, 'MD5OfBody', '<md5-hash>', false, ctx);
  keyValue(root, 'SenderId', '<sender-id>', false, ctx);
  keyValueTransform(root, pemFile, 'signing-cert-file', true, ctx);
  ctx.regex(
    String.raw`(?i)(?<=SigningCertURL[\"|']:\s[\"|'])(https?.*?)(?=/\SimpleNotificationService-)`,
    '<cert-domain>',
  );
  ctx.regex(
    String.raw`(?i)(?<=UnsubscribeURL[\"|']:\s[\"|'])(https?.*?)(?=/\?Action=Unsubscribe)`,
    '<unsubscribe-domain>',
  );
  keyValueTransform(root, resourceName, 'resource', true, ctx);
  keyValueTransform(root, unsubscribeArn, 'resource', true, ctx);
}

export function utilityBundle(root: Tree, name: string, ctx: TransformContext): void {
  switch (name) {
    case 'resource_name':
      keyValueTransform(root, resourceName, 'resource', true, ctx);
      return;
    case 'sqs_api':
      sqsApi(root, ctx);
      return;
    case 'sfn_sqs_integration':
      sqsApi(root, ctx);
      keyRef(root, 'MD5OfMessageBody', ctx);
      keyRef(root, 'MD5OfMessageAttributes', ctx);
      return;
    case 'sns_api':
      snsApi(root, ctx);
      return;
    case 'dynamodb_api':
      ctx.regex('([a-zA-Z0-9-_.]*)?test_table_([a-zA-Z0-9-_.]*)?', '<test-table>');
      return;
    default:
      throw new Error(`unknown utility transformer bundle ${name}`);
  }
}
