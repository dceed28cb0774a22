// What a pipe with an SQS source hands its target: each message as Pipes' SQS record, kept when one of the
// filters matches it (its body read as JSON when it is JSON), reshaped by the InputTemplate, the batch as one
// JSON array (Step Functions has no batch API, so AWS sends the array, even for a batch of one).

import type { Message } from '@aws-sdk/client-sqs';
import { compilePatternText, matchesPattern, type CompiledPattern } from '../events/event-pattern.ts';
import { validation } from '../events/events-context.ts';
import { fillPlaceholders } from '../events/input-transform.ts';
import { parseSimplePath, readPath } from '../events/simple-path.ts';
import { ApiError } from '../errors.ts';

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, unknown>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/** What the reserved variables of a template name. */
export interface PipeContext {
  pipeArn: string;
  pipeName: string;
  sourceArn: string;
  targetArn: string;
}

export function sqsRecord(message: Message, queueArn: string, region: string): SqsRecord {
  const messageAttributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined ? {} : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: [],
      dataType: value.DataType ?? 'String',
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: { ...(message.Attributes ?? {}) },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** The record with its body parsed when the body is JSON: what filters and templates read. */
export function withParsedBody(record: SqsRecord): Record<string, unknown> {
  try {
    return { ...record, body: JSON.parse(record.body) as unknown };
  } catch {
    return { ...record };
  }
}

/** Compiles FilterCriteria; a bad pattern is a ValidationException naming the filter. */
export function compileFilters(criteria: unknown): CompiledPattern[] {
  if (criteria === undefined || criteria === null) return [];
  const filters = (criteria as { Filters?: unknown }).Filters;
  if (filters === undefined) return [];
  if (!Array.isArray(filters) || filters.length > 5) {
    throw validation('FilterCriteria.Filters must be a list of at most 5 filters.');
  }
  return filters.map((filter: unknown, index) => {
    const pattern = (filter as { Pattern?: unknown } | null)?.Pattern;
    if (typeof pattern !== 'string') throw validation(`FilterCriteria.Filters[${index}].Pattern must be a string.`);
    try {
      return compilePatternText(pattern);
    } catch (error) {
      if (error instanceof ApiError) throw validation(`FilterCriteria.Filters[${index}]: ${error.message}`);
      throw error;
    }
  });
}

/** A record passes when there are no filters or one of them matches. */
export function passesFilters(filters: readonly CompiledPattern[], record: SqsRecord): boolean {
  if (filters.length === 0) return true;
  const event = withParsedBody(record);
  return filters.some((filter) => matchesPattern(filter, event));
}

const placeholderPattern = /<(\$[^<>]*)>/g;

/** Checks an InputTemplate's JSON paths when the pipe is created or updated. */
export function checkInputTemplate(template: unknown): void {
  if (template === undefined) return;
  if (typeof template !== 'string' || template.length > 8192) {
    throw validation('TargetParameters.InputTemplate must be a string of at most 8192 characters.');
  }
  for (const [, path] of template.matchAll(placeholderPattern)) {
    if (parseSimplePath(path ?? '') === undefined) {
      throw validation(`TargetParameters.InputTemplate has an invalid JSON path: <${path ?? ''}>.`);
    }
  }
}

/** One record as the target receives it: the record itself, or the template filled from it. */
export function recordInput(
  template: string | undefined,
  record: SqsRecord,
  context: PipeContext,
  ingestionTime: string,
): unknown {
  if (template === undefined) return record;
  const event = withParsedBody(record);
  const values = new Map<string, unknown>([
    ['aws.pipes.pipe-arn', context.pipeArn],
    ['aws.pipes.pipe-name', context.pipeName],
    ['aws.pipes.source-arn', context.sourceArn],
    ['aws.pipes.target-arn', context.targetArn],
    ['aws.pipes.event.ingestion-time', ingestionTime],
    ['aws.pipes.event', record],
    ['aws.pipes.event.json', record],
  ]);
  for (const [, path] of template.matchAll(placeholderPattern)) {
    const text = path ?? '';
    values.set(text, readPath(event, parseSimplePath(text) ?? []));
  }
  const filled = fillPlaceholders(template, values);
  try {
    return JSON.parse(filled) as unknown;
  } catch {
    // A template of free text ("Hello, <$.body.name>") gives a string.
    return filled;
  }
}
