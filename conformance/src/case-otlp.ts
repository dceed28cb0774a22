// The OpenTelemetry collector a case may ask for (`server.otlp`, as `serve --otlp-endpoint`): a node:http
// receiver of OTLP over HTTP (JSON) on a free port of 127.0.0.1, started before the case's server and stopped
// after it, and serve's tracer sending it every execution's spans. A `Spans` step reads what it received since
// the step before, normalised so that a case can state it: spans by name, each parent by its name, ids the run decides replaced.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExecutionTracer, historyFrom, OtlpSpanSink, type Store } from 'stepwise';
import type { ConformanceCase } from './case.ts';
import { normaliseSpans, type OtlpSpan } from './otlp-spans.ts';

export interface CaseOtlp {
  tracer: ExecutionTracer;
  /** The spans received since the last call (after the tracer's pending ones were sent), normalised. */
  spans(): Promise<unknown[]>;
  close(): Promise<void>;
}

/** The case's collector and tracer, or undefined when the case asks for none. */
export async function startCaseOtlp(c: ConformanceCase, store: Store): Promise<CaseOtlp | undefined> {
  if (c.server?.otlp !== true) return undefined;
  const received: OtlpSpan[] = [];
  const server = createServer((req, res) => {
    void bodyOf(req).then((text) => {
      received.push(...spansOf(text));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await listening(server);
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/v1/traces`;
  const sink = new OtlpSpanSink({ url, serviceName: 'stepwise' });
  const tracer = new ExecutionTracer({ sink, traceAll: true, history: historyFrom(store) });
  return {
    tracer,
    spans: async () => {
      await tracer.settled();
      await sink.flush();
      return normaliseSpans(received.splice(0));
    },
    close: async () => {
      await sink.shutdown();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

/** A `Spans` step's answer: what the case's collector received; an error naming the fix when it has none. */
export function caseSpans(otlp: CaseOtlp | undefined): Promise<unknown[]> {
  if (otlp === undefined) return Promise.reject(new Error('a Spans step needs a collector: give the case server.otlp'));
  return otlp.spans();
}

function listening(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The spans of an OTLP/JSON export request (`resourceSpans[].scopeSpans[].spans[]`). */
function spansOf(text: string): OtlpSpan[] {
  const body = JSON.parse(text) as { resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
  return (body.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []));
}
