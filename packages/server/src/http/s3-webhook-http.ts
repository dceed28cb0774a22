// The object-store notification webhook, `POST /s3-notifications`: an S3 event notification body (`Records[]`,
// as MinIO and Ceph RGW send) becomes `aws.s3` events on the default bus. A shared secret guards it, given as
// `Authorization: Bearer SECRET` (MinIO's auth_token) or `X-Stepwise-Webhook-Secret: SECRET`.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { NotificationError, parseJson } from '../service/events/s3-notifications.ts';
import type { HttpService } from './http-service.ts';
import { readBody } from './server.ts';

export const s3WebhookPath = '/s3-notifications';

export interface S3WebhookOptions {
  /** Absent: the webhook answers 403, saying how to turn it on. */
  secret?: string;
  /** Puts a notification's events on the bus; how many events there were. */
  put: (body: unknown) => Promise<number>;
  log: Logger;
}

export function s3WebhookService(options: S3WebhookOptions): HttpService {
  return {
    claims: (req) => (req.url ?? '').split('?')[0] === s3WebhookPath,
    handle: async (req, res) => {
      const [status, body] = await answer(options, req);
      reply(res, status, body);
    },
  };
}

async function answer(options: S3WebhookOptions, req: IncomingMessage): Promise<[number, object]> {
  try {
    if (req.method !== 'POST') return [405, { message: `${s3WebhookPath} takes POST` }];
    if (options.secret === undefined) {
      return [403, { message: 'the S3 notification webhook is off: start serve with --s3-webhook-secret' }];
    }
    const given = secretOf(req.headers.authorization, req.headers['x-stepwise-webhook-secret']);
    if (given === undefined || !same(given, options.secret)) return [403, { message: 'wrong or missing secret' }];
    const body = parseJson((await readBody(req, 8 * 1024 * 1024)).toString('utf8'));
    return [200, { events: await options.put(body) }];
  } catch (error) {
    if (error instanceof NotificationError) return [400, { message: error.message }];
    options.log.error({ err: error }, 'S3 notification webhook failed');
    return [500, { message: 'An internal error occurred' }];
  }
}

function secretOf(authorization: string | undefined, header: string | string[] | undefined): string | undefined {
  if (typeof header === 'string') return header;
  const bearer = /^Bearer (.+)$/.exec(authorization ?? '');
  return bearer?.[1];
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function reply(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
