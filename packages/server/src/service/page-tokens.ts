// AWS's page tokens: opaque to the caller and valid only for the request that issued them (same operation,
// same resource and filters), so a token from another listing is InvalidToken, never a silently wrong page.

import { createHash } from 'node:crypto';
import { InvalidPageTokenError, type Page } from '../store/records.ts';
import { ApiError } from './errors.ts';

/** What a listing is of: the operation and the request members that choose its items (not maxResults). */
export type PageBinding = readonly (string | boolean | undefined)[];

/** AWS's words for any token it did not issue for this request; the token itself is not echoed. */
function invalidToken(): ApiError {
  return new ApiError('InvalidToken', "Invalid Token: 'Invalid token'");
}

function bindingKey(binding: PageBinding): string {
  return createHash('sha256').update(JSON.stringify(binding)).digest('base64url').slice(0, 16);
}

/** Wraps the store's position into a token bound to `binding`. */
export function issueToken(binding: PageBinding, position: string): string {
  return Buffer.from(JSON.stringify([bindingKey(binding), position])).toString('base64url');
}

/** The store's position inside `token`, if `binding` issued it; otherwise AWS's InvalidToken. */
export function readToken(binding: PageBinding, token: string): string {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalidToken();
  const [key, position] = decoded as unknown[];
  if (key !== bindingKey(binding) || typeof position !== 'string') throw invalidToken();
  return position;
}

/**
 * Runs one page of a listing: the request's `nextToken` (if any) is read back into the store's position, and
 * the page's next position is handed out as a token bound to the same request.
 */
export async function paged<T>(
  binding: PageBinding,
  nextToken: unknown,
  query: (after: { after?: string }) => Promise<Page<T>>,
): Promise<Page<T>> {
  const after = typeof nextToken === 'string' ? { after: readToken(binding, nextToken) } : {};
  let page: Page<T>;
  try {
    page = await query(after);
  } catch (error) {
    if (error instanceof InvalidPageTokenError) throw invalidToken();
    throw error;
  }
  return page.nextToken === undefined ? page : { ...page, nextToken: issueToken(binding, page.nextToken) };
}
