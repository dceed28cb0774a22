// The `HTTP` step of an `api_calls` case: a plain HTTP request to the case's server (an HTTP start route, the S3
// notification webhook), not an AWS API call. Its answer is its status, headers and body, which `expect` and
// `save` read as they read an API answer (`body.executionArn`). With a `signer` key it is SigV4-signed for
// `execute-api`, as a caller of an AWS_IAM API Gateway route signs.

import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256Checksum } from 'stepwise/testing';
import type { ApiAnswer, CallSigner } from './api-calls.ts';

/** An `HTTP` step's request: `path` (with its query) on the case's server; a body that is not text is sent as JSON. */
export interface PlainHttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The request a step's `request` member states, or an error naming what is wrong in it. */
export function plainHttpRequest(request: Record<string, unknown>, step: number): PlainHttpRequest {
  const { method, path, headers, body } = request;
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new Error(`step ${String(step)} (HTTP): request.path must be a path starting with /`);
  }
  if (method !== undefined && typeof method !== 'string') {
    throw new Error(`step ${String(step)} (HTTP): request.method must be text`);
  }
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers))) {
    throw new Error(`step ${String(step)} (HTTP): request.headers must be an object of header values`);
  }
  return {
    path,
    ...(method === undefined ? {} : { method }),
    ...(headers === undefined ? {} : { headers: headers as Record<string, string> }),
    ...(body === undefined ? {} : { body }),
  };
}

/**
 * Sends the request to `baseUrl`; the answer's headers by lower-case name, its body parsed when it is JSON. A
 * text body goes with the headers the case gives (no content type unless it gives one), a JSON value as JSON.
 */
export async function plainHttpCall(
  baseUrl: string,
  request: PlainHttpRequest,
  signer?: CallSigner,
): Promise<ApiAnswer> {
  const { body } = request;
  let headers = { ...(request.headers ?? {}) };
  const named = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  if (body !== undefined && typeof body !== 'string' && !named) headers['content-type'] = 'application/json';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const url = new URL(`${baseUrl}${request.path}`);
  const method = request.method ?? (body === undefined ? 'GET' : 'POST');
  if (signer !== undefined && signer !== 'none') {
    headers = await signed({ url, method, headers, body: body === undefined ? undefined : text }, signer);
  }
  const response = await fetch(url, {
    method,
    headers,
    // Bytes, not a string: fetch would add `text/plain` to a string body the case sent without a type.
    ...(body === undefined ? {} : { body: Buffer.from(text) }),
  });
  const answer = await response.text();
  return {
    response: { status: response.status, headers: Object.fromEntries(response.headers), body: parsedOrText(answer) },
  };
}

/** The request's headers with its SigV4 signature for `execute-api` by `key` (in its region, us-east-1 when none). */
async function signed(
  request: { url: URL; method: string; headers: Record<string, string>; body: string | undefined },
  key: Exclude<CallSigner, 'none'>,
): Promise<Record<string, string>> {
  const { url } = request;
  const signer = new SignatureV4({
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    region: key.region ?? 'us-east-1',
    service: 'execute-api',
    sha256: Sha256Checksum,
  });
  const done = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...request.headers, host: url.host },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return done.headers;
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
