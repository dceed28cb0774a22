// Trace contexts as they travel: W3C ids, AWS X-Ray's trace header (StartExecution's `traceHeader`,
// Lambda's `_X_AMZN_TRACE_ID`) and the W3C `traceparent` header, plus the deterministic ids that let every
// node, and a node after a restart, name an execution's spans alike.

import { createHash } from 'node:crypto';

/** Where a callee's work belongs: the trace and the span that called it (hex, W3C sizes). */
export interface TraceContext {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits: the calling span. */
  spanId: string;
  sampled: boolean;
}

/** What a `traceHeader` (X-Ray format) says; a field it lacks or spells wrongly is left out. */
export interface TraceHeaderFields {
  traceId?: string;
  parentSpanId?: string;
  sampled?: boolean;
}

const xrayRoot = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/;

/** Reads `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1` (any order, any case). */
export function parseTraceHeader(header: string): TraceHeaderFields {
  const fields: TraceHeaderFields = {};
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim().toLowerCase();
    const value = part
      .slice(at + 1)
      .trim()
      .toLowerCase();
    const root = key === 'root' ? xrayRoot.exec(value) : null;
    if (root !== null) fields.traceId = `${root[1]}${root[2]}`;
    if (key === 'parent' && /^[0-9a-f]{16}$/.test(value)) fields.parentSpanId = value;
    if (key === 'sampled' && (value === '0' || value === '1')) fields.sampled = value === '1';
  }
  return fields;
}

/** The X-Ray trace header of a context: what Lambda's `_X_AMZN_TRACE_ID` and `X-Amzn-Trace-Id` carry. */
export function xrayTraceHeader(context: TraceContext): string {
  const { traceId, spanId, sampled } = context;
  return `Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${spanId};Sampled=${sampled ? 1 : 0}`;
}

/** The W3C `traceparent` header of a context (version 00). */
export function traceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? '01' : '00'}`;
}

/**
 * A trace id for an execution started without a trace header: X-Ray's shape (its first 8 digits are the
 * start time in epoch seconds), the rest derived from the ARN, so every node derives the same one.
 */
export function derivedTraceId(executionArn: string, startDate: number): string {
  const seconds = Math.floor(startDate / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return `${seconds}${digest(`trace#${executionArn}`).slice(0, 24)}`;
}

/** A span id derived from what names the span in an execution (never all zeros, which W3C forbids). */
export function derivedSpanId(...parts: readonly (string | number)[]): string {
  const id = digest(parts.join('#')).slice(0, 16);
  return id === '0000000000000000' ? '0000000000000001' : id;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
