// A stand-in OpenTelemetry collector for black-box tests: an HTTP server on a free loopback port that
// takes OTLP/HTTP JSON trace exports (POST /v1/traces) and keeps every span it receives.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string>;
  status: { code?: number; message?: string };
  serviceName: string;
}

export interface OtlpReceiver {
  /** The base URL (what `--otlp-endpoint` takes). */
  url: string;
  spans: ReceivedSpan[];
  /** Requests that were not a JSON trace export: kept so that a test sees them. */
  rejected: string[];
  close(): Promise<void>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'attributes' | 'serviceName' | 'parentSpanId'> & {
        parentSpanId?: string;
        attributes?: OtlpAttribute[];
      })[];
    }[];
  }[];
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const rejected: string[] = [];
  const server = createServer((request, response) => {
    void receive(request, response, spans, rejected);
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    rejected,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

async function receive(
  request: IncomingMessage,
  response: ServerResponse,
  spans: ReceivedSpan[],
  rejected: string[],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const type = request.headers['content-type'] ?? 'none';
  if (request.method !== 'POST' || request.url !== '/v1/traces' || !type.startsWith('application/json')) {
    rejected.push(`${request.method} ${request.url} ${type}`);
    response.writeHead(400).end();
    return;
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
  for (const resourceSpans of body.resourceSpans ?? []) {
    const serviceName = attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '';
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        spans.push({
          ...span,
          parentSpanId: span.parentSpanId ?? '',
          attributes: attributesOf(span.attributes),
          serviceName,
        });
      }
    }
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
}

function attributesOf(attributes: OtlpAttribute[] | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { key, value } of attributes ?? []) {
    values[key] = String(value.stringValue ?? value.intValue ?? value.boolValue ?? '');
  }
  return values;
}
