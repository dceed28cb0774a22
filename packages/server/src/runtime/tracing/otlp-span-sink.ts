// Sends finished spans to an OpenTelemetry collector as OTLP over HTTP (JSON), batched by the
// OpenTelemetry SDK's BatchSpanProcessor. Spans are built from history, not timed live, so they are
// handed to the processor as ended spans with the ids the execution's events determined.

import { SpanKind, SpanStatusCode, TraceFlags, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FinishedSpan } from './execution-spans.ts';
import type { SpanSink } from './execution-tracer.ts';

export interface OtlpSpanSinkOptions {
  /** The collector's traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  url: string;
  /** `service.name` of the resource (OpenTelemetry's attribute). */
  serviceName: string;
  /** How long spans wait to be batched; the SDK's default is 5 s. */
  scheduledDelayMillis?: number;
  /** An exporter instead of OTLP over HTTP (tests). */
  exporter?: SpanExporter;
}

const kinds = { execution: SpanKind.SERVER, state: SpanKind.INTERNAL, task: SpanKind.CLIENT } as const;
const scope = { name: 'stepwise' };

export class OtlpSpanSink implements SpanSink {
  private readonly processor: BatchSpanProcessor;
  private readonly resource: Resource;

  constructor(options: OtlpSpanSinkOptions) {
    const exporter = options.exporter ?? new OTLPTraceExporter({ url: options.url });
    this.processor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.scheduledDelayMillis ?? 1000 });
    this.resource = resourceFromAttributes({ 'service.name': options.serviceName });
  }

  export(spans: readonly FinishedSpan[]): void {
    for (const span of spans) this.processor.onEnd(readableSpan(span, this.resource));
  }

  /** Sends what waits (shutdown, tests). */
  flush(): Promise<void> {
    return this.processor.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.processor.shutdown();
  }
}

function readableSpan(span: FinishedSpan, resource: Resource): ReadableSpan {
  const context = { traceId: span.traceId, spanId: span.spanId, traceFlags: TraceFlags.SAMPLED };
  const parent = span.parentSpanId;
  const attributes = span.error === undefined ? span.attributes : { ...span.attributes, 'error.type': span.error };
  return {
    name: span.name,
    kind: kinds[span.kind],
    spanContext: () => context,
    ...(parent === undefined ? {} : { parentSpanContext: { ...context, spanId: parent, isRemote: false } }),
    startTime: hrTime(span.start),
    endTime: hrTime(span.end),
    duration: hrTime(span.end - span.start),
    status:
      span.error === undefined ? { code: SpanStatusCode.UNSET } : { code: SpanStatusCode.ERROR, message: span.error },
    attributes,
    links: [],
    events: [],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function hrTime(millis: number): HrTime {
  const seconds = Math.floor(millis / 1000);
  return [seconds, Math.round((millis - seconds * 1000) * 1e6)];
}
