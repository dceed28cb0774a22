// The `HTTP` step of an `api_calls` case: a plain HTTP request to the case's server (an HTTP start route, the S3
// notification webhook), not an AWS API call. Its answer is its status, headers and body, which `expect` and
// `save` read as they read an API answer (`body.executionArn`).

import type { ApiAnswer } from './api-calls.ts';

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

/** Sends the request to `baseUrl`; the answer's headers by lower-case name, its body parsed when it is JSON. */
export async function plainHttpCall(baseUrl: string, request: PlainHttpRequest): Promise<ApiAnswer> {
  const { body } = request;
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: request.headers ?? {},
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    response: { status: response.status, headers: Object.fromEntries(response.headers), body: parsedOrText(text) },
  };
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
