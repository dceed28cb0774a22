// The audit trail: every API call that changes something (anything but Describe*, List*, Get*, Filter*,
// Validate*), who made it, when, with what, its request id and its outcome, as a CloudTrail record.
// Sensitive members (inputs, outputs, definitions, tokens, causes) are hidden as CloudTrail hides them.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { userIdentityOf } from './caller-identity.ts';
import type { RouteHandler } from './metrics-route.ts';
import { isReadOperation, type Caller } from './request-auth.ts';

export interface AuditSink {
  append(record: object): void;
  /** One account's records (`recipientAccountId`), or every account's when undefined. */
  read(account?: string): NodeJS.ReadableStream | undefined;
}

/** One answered call, as the HTTP edge knows it. */
export interface AuditedCall {
  caller: Caller;
  /** The signing name: states, logs, ... */
  service: string;
  operation: string;
  body: unknown;
  requestId: string;
  time: Date;
  region: string;
  sourceIp: string;
  userAgent: string;
  error?: { code: string; message: string };
}

const hidden = new Set(['input', 'output', 'definition', 'taskToken', 'cause', 'error', 'logEvents', 'message']);

export function isAudited(operation: string): boolean {
  return !isReadOperation(operation);
}

export function auditRecord(call: AuditedCall): object {
  const { caller } = call;
  return {
    eventVersion: '1.09',
    userIdentity: caller.identity ?? userIdentityOf(caller),
    eventTime: call.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${call.service}.amazonaws.com`,
    eventName: call.operation,
    awsRegion: call.region,
    sourceIPAddress: call.sourceIp,
    userAgent: call.userAgent,
    ...(call.error === undefined ? {} : { errorCode: call.error.code, errorMessage: call.error.message }),
    requestParameters: redacted(call.body),
    responseElements: null,
    requestID: call.requestId,
    eventID: randomUUID(),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: caller.account,
    eventCategory: 'Management',
  };
}

function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    out[key] = hidden.has(key) ? 'HIDDEN_DUE_TO_SECURITY_REASONS' : redacted(member);
  }
  return out;
}

/**
 * `GET /audit`: the trail as JSON lines (application/x-ndjson), for export. The server's own account (and
 * every caller without --auth) reads every record; another account's key or session reads its own only.
 */
export function auditRoute(
  sink: AuditSink,
  scope: { account: string; accountOf: (req: IncomingMessage) => string | undefined },
): RouteHandler {
  return (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const caller = scope.accountOf(req);
    const trail = req.method === 'HEAD' ? undefined : sink.read(caller === scope.account ? undefined : caller);
    if (trail === undefined) res.end();
    else trail.pipe(res);
  };
}

export interface AuditOptions {
  sink: AuditSink;
  region: string;
  /** The account of calls made without --auth. */
  account: string;
}

/** What the edge knows of a call before its outcome. */
export interface PendingAudit {
  caller: Caller | undefined;
  service: string;
  operation: string;
  body: unknown;
  requestId: string;
}

/** Appends the record of an answered call, if it is one that changes something. */
export function audit(
  options: AuditOptions | undefined,
  req: IncomingMessage,
  call: PendingAudit | undefined,
  error?: { type: string; message: string },
): void {
  if (options === undefined || call === undefined || !isAudited(call.operation)) return;
  const userAgent = req.headers['user-agent'] ?? '';
  options.sink.append(
    auditRecord({
      ...call,
      caller: call.caller ?? { account: options.account, readOnly: false },
      time: new Date(),
      region: options.region,
      sourceIp: req.socket.remoteAddress ?? '',
      userAgent,
      ...(error === undefined ? {} : { error: { code: error.type, message: error.message } }),
    }),
  );
}
