// The `serve` options of traces: `--otlp-endpoint URL` sends every execution's spans to that OpenTelemetry
// collector; without it, machines whose TracingConfiguration is enabled send theirs to the collector
// OpenTelemetry's variables name (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT) or its
// default, http://localhost:4318.

import { stringOption, UsageError, type ParsedArgs } from './args.ts';

export const tracingOptionNames = ['otlp-endpoint'];

export interface TracingServeOptions {
  /** The collector's traces URL (OTLP over HTTP). */
  tracesUrl: string;
  /** Every execution is traced (`--otlp-endpoint`), not only those of machines with tracing enabled. */
  traceAll: boolean;
}

const tracesPath = '/v1/traces';

export function tracingOptionsFrom(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
): TracingServeOptions {
  const endpoint = stringOption(args, 'otlp-endpoint');
  if (endpoint !== undefined) return { tracesUrl: tracesUrl(endpoint, '--otlp-endpoint'), traceAll: true };
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (traces !== undefined && traces !== '') {
    return { tracesUrl: checkedUrl(traces, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'), traceAll: false };
  }
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = base === undefined || base === '' ? 'http://localhost:4318' : base;
  return { tracesUrl: tracesUrl(url, 'OTEL_EXPORTER_OTLP_ENDPOINT'), traceAll: false };
}

/** A collector's base URL gets OTLP's traces path, as OpenTelemetry's exporters add it; a full one is kept. */
function tracesUrl(base: string, source: string): string {
  const url = checkedUrl(base, source);
  return url.endsWith(tracesPath) ? url : `${url.replace(/\/+$/, '')}${tracesPath}`;
}

function checkedUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source} must be an http:// or https:// URL, not ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be an http:// or https:// URL (OTLP over HTTP), not ${url.protocol}`);
  }
  return text;
}
