// `GET /metrics`: the Prometheus text of the server's metrics (Step Functions' own names, the server's). Under
// --auth another account's key or session reads its own resources' samples only (account-metrics.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountMetricsText } from '../service/metrics/account-metrics.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface MetricsSource {
  text(): Promise<string>;
  readonly contentType: string;
}

export function metricsRoute(
  metrics: MetricsSource,
  scope?: { account: string; accountOf: (req: IncomingMessage) => string | undefined },
): RouteHandler {
  return (req, res) => {
    const caller = scope?.accountOf(req);
    metrics.text().then(
      (all) => {
        const text = caller === undefined || caller === scope?.account ? all : accountMetricsText(all, caller);
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
