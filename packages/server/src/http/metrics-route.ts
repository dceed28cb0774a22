// `GET /metrics`: the Prometheus text of the server's metrics (Step Functions' own names, the server's).

import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface MetricsSource {
  text(): Promise<string>;
  readonly contentType: string;
}

export function metricsRoute(metrics: MetricsSource): RouteHandler {
  return (req, res) => {
    metrics.text().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(text) });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics could not be collected\n');
      },
    );
  };
}
