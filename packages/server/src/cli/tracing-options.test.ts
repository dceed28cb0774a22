// `serve --otlp-endpoint` and OpenTelemetry's variables: where spans go and which executions are traced.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs, UsageError } from './args.ts';
import { tracingOptionNames, tracingOptionsFrom } from './tracing-options.ts';

const options = (argv: string[], env: Record<string, string> = {}): ReturnType<typeof tracingOptionsFrom> =>
  tracingOptionsFrom(parseArgs(argv, [], tracingOptionNames), env);

test('where spans go, and whether every execution is traced', () => {
  const cases: [string[], Record<string, string>, string, boolean][] = [
    [[], {}, 'http://localhost:4318/v1/traces', false],
    [['--otlp-endpoint', 'http://127.0.0.1:4318'], {}, 'http://127.0.0.1:4318/v1/traces', true],
    [['--otlp-endpoint', 'https://collector:4318/'], {}, 'https://collector:4318/v1/traces', true],
    [['--otlp-endpoint', 'http://c:4318/v1/traces'], {}, 'http://c:4318/v1/traces', true],
    [[], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, 'http://c:4318/v1/traces', false],
    [[], { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:9/custom' }, 'http://c:9/custom', false],
    [['--otlp-endpoint', 'http://a:1'], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2' }, 'http://a:1/v1/traces', true],
  ];
  for (const [argv, env, tracesUrl, traceAll] of cases) {
    assert.deepEqual(options(argv, env), { tracesUrl, traceAll }, argv.join(' '));
  }
});

test('a URL that is not http(s) is refused, naming where it came from', () => {
  assert.throws(
    () => options(['--otlp-endpoint', 'collector:4317']),
    (error: unknown) => {
      return error instanceof UsageError && /--otlp-endpoint must be an http/.test(error.message);
    },
  );
  assert.throws(() => options(['--otlp-endpoint', 'not a url']), /--otlp-endpoint must be an http/);
  assert.throws(() => options([], { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://x' }), /OTEL_EXPORTER_OTLP_ENDPOINT/);
});
