// The console's only way to the server's data: the public AWS JSON 1.0 API (POST / with X-Amz-Target).

import type { HistoryEvent, Operation, Responses } from './types.ts';

/** An error the API answered, with AWS's exception name (`ExecutionDoesNotExist`, `ValidationException`...). */
export class ApiError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message === '' ? type : message);
    this.name = 'ApiError';
    this.type = type;
  }
}

export async function call<K extends Operation>(operation: K, request: object): Promise<Responses[K]> {
  // DescribeStateMachineVersion is not an AWS operation: DescribeStateMachine takes version ARNs.
  const target = operation === 'DescribeStateMachineVersion' ? 'DescribeStateMachine' : operation;
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${target}` },
    body: JSON.stringify(request),
  });
  const body = (await response.json().catch(() => ({}))) as { __type?: string; message?: string };
  if (!response.ok) {
    const type = (body.__type ?? 'InternalFailure').replace(/^.*#/, '');
    throw new ApiError(type, body.message ?? response.statusText);
  }
  return body as Responses[K];
}

/** Every page of a list operation, concatenated (bounded by `limit` items). */
export async function listAll<K extends Operation, T>(
  operation: K,
  request: object,
  items: (page: Responses[K]) => T[],
  limit = 10_000,
): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(operation, { ...request, ...(nextToken === undefined ? {} : { nextToken }) });
    all.push(...items(page));
    nextToken = (page as { nextToken?: string }).nextToken;
  } while (nextToken !== undefined && all.length < limit);
  return all;
}

/** The whole history of an execution, 1,000 events a call; `onPage` sees each page as it arrives. */
export async function loadHistory(
  executionArn: string,
  onPage: (events: HistoryEvent[]) => void,
  signal: { cancelled: boolean },
): Promise<void> {
  let nextToken: string | undefined;
  do {
    const page = await call('GetExecutionHistory', {
      executionArn,
      maxResults: 1000,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    if (signal.cancelled) return;
    onPage(page.events);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
}
