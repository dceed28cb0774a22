// A route's execution input from its request: the body (JSON, parsed and checked) as it is, or the route's
// mapping filled from `{body, path, query, headers}` (a path that finds nothing gives null).

import { parseSimplePath, readPath } from '../events/simple-path.ts';
import type { HttpRoute } from './route-definition.ts';

/** The request as a route reads it: header names lower-case, one value per query name and header (the first). */
export interface RouteRequest {
  parameters: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request the route cannot take: answered with `status` and the message. */
export class RouteRequestError extends Error {
  override name = 'RouteRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** JSON bodies (no content type, or a JSON one) are parsed; any other type is kept as text. */
function bodyOf(request: RouteRequest): unknown {
  const text = request.body.toString('utf8');
  const type = (first(request.headers['content-type']) ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const json = type === '' || type === 'application/json' || type.endsWith('+json');
  if (!json) return text;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    throw new RouteRequestError(400, `The request body is not valid JSON: ${reason}`);
  }
}

function fill(template: unknown, sources: Record<string, unknown>): unknown {
  if (Array.isArray(template)) return template.map((item) => fill(item, sources));
  if (typeof template !== 'object' || template === null) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = readPath(sources, parseSimplePath(String(value)) ?? []) ?? null;
    else out[key] = fill(value, sources);
  }
  return out;
}

/** The input text of the execution the request starts. */
export function routeInput(route: HttpRoute, request: RouteRequest): string {
  const body = bodyOf(request);
  if (route.input === undefined) return JSON.stringify(body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const text = first(value);
    if (text !== undefined) headers[name.toLowerCase()] = text;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of request.query) if (!(name in query)) query[name] = value;
  return JSON.stringify(fill(route.input, { body, path: request.parameters, query, headers }));
}
