// What a `Spans` step answers: the OTLP spans a case's collector received, as a case can state them. Sorted by
// name; each span's parent by that span's name (`remote <id>` for one outside the received spans: the caller a
// traceHeader named); its trace id with the first 8 digits `<start-seconds>` when they are its trace's execution
// span's start in epoch seconds (X-Ray's shape); `traceparent`, the W3C header of the span's own context;
// `durationMillis`, its end less its start (the case's virtual time: a span's times are its events').

/** A span as OTLP/JSON carries it (ids in hex). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
}

const kinds: Record<number, string> = { 1: 'INTERNAL', 2: 'SERVER', 3: 'CLIENT', 4: 'PRODUCER', 5: 'CONSUMER' };
const statuses: Record<number, string> = { 0: 'UNSET', 1: 'OK', 2: 'ERROR' };

export function normaliseSpans(spans: readonly OtlpSpan[]): unknown[] {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  return [...spans]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((span) => {
      const parent = span.parentSpanId === undefined || span.parentSpanId === '' ? undefined : span.parentSpanId;
      return {
        name: span.name,
        kind: kinds[span.kind] ?? String(span.kind),
        ...(parent === undefined ? {} : { parent: byId.get(parent)?.name ?? `remote ${parent}` }),
        traceId: shapedTraceId(span, spans),
        traceparent: `00-${span.traceId}-${span.spanId}-01`,
        durationMillis: Number((BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1_000_000n),
        attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, attributeValue(a.value)])),
        status: statuses[span.status?.code ?? 0] ?? String(span.status?.code),
        ...(span.status?.message === undefined ? {} : { statusMessage: span.status.message }),
      };
    });
}

/** The trace id, its first 8 digits `<start-seconds>` when they are the start of its trace's execution span. */
function shapedTraceId(span: OtlpSpan, spans: readonly OtlpSpan[]): string {
  const execution = spans.find((s) => s.traceId === span.traceId && s.kind === 2);
  if (execution === undefined) return span.traceId;
  const seconds = Math.floor(Number(BigInt(execution.startTimeUnixNano) / 1_000_000_000n));
  const digits = seconds.toString(16).padStart(8, '0');
  return span.traceId.startsWith(digits) ? `<start-seconds>${span.traceId.slice(8)}` : span.traceId;
}

function attributeValue(value: Record<string, unknown>): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  return value;
}
