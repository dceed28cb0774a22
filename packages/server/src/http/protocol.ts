// AWS JSON 1.0 as Step Functions speaks it: the operation from X-Amz-Target, JSON bodies, timestamps as epoch
// seconds, errors as {"__type", "message"}. Pure functions, so the server module only moves bytes.

import { tooDeep } from '@stepwise/core';
import { ApiError } from '../service/errors.ts';
import { StorageFault } from '../store/storage-fault.ts';
import { isOperationName, type OperationName } from '../service/request-shapes.ts';

export const contentType = 'application/x-amz-json-1.0';
const targetPrefix = 'AWSStepFunctions.';

/** The operation named by the X-Amz-Target header, or AWS's UnknownOperationException (which has no message). */
export function operationOf(target: string | undefined): OperationName {
  const name = target?.startsWith(targetPrefix) === true ? target.slice(targetPrefix.length) : undefined;
  if (name === undefined || !isOperationName(name)) throw new ApiError('UnknownOperationException', '');
  return name;
}

/**
 * AWS's front end (Coral) answers an unknown or missing X-Amz-Target with its own exception type and no message
 * member at all; the SDKs read the name after the '#'.
 */
const unknownOperationBody = JSON.stringify({ __type: 'com.amazon.coral.service#UnknownOperationException' });

/** Parses a request body; an empty body is an empty request, anything but a JSON object is SerializationException. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') return {};
  // Request members are a few levels deep; anything far deeper would only overflow a recursive walk.
  const deep = tooDeep(text);
  if (deep !== undefined) throw new ApiError('SerializationException', `Request body is not valid: ${deep}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new ApiError('SerializationException', `Request body is not valid JSON: ${reason}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('SerializationException', 'Request body must be a JSON object');
  }
  return body;
}

/** A response body: Dates become epoch seconds (with milliseconds), as the AWS SDKs expect for JSON 1.0. */
export function renderResult(result: unknown): string {
  return JSON.stringify(toWire(result));
}

function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toWire(member);
    }
    return out;
  }
  return value;
}

export interface RenderedError {
  status: number;
  body: string;
}

/** An ApiError as AWS renders it; anything else is a bug and becomes an InternalFailure without details. */
export function renderError(error: unknown): RenderedError {
  if (error instanceof ApiError && error.type === 'UnknownOperationException' && error.message === '') {
    return { status: error.status, body: unknownOperationBody };
  }
  if (error instanceof ApiError) {
    return {
      status: error.status,
      body: JSON.stringify({ __type: error.type, message: error.message, ...error.fields }),
    };
  }
  // AWS's error for a service that cannot serve for now, which SDKs retry: here, until the disk is fixed.
  if (error instanceof StorageFault) {
    return { status: 503, body: JSON.stringify({ __type: 'ServiceUnavailable', message: error.message }) };
  }
  return { status: 500, body: JSON.stringify({ __type: 'InternalFailure', message: 'An internal error occurred' }) };
}
