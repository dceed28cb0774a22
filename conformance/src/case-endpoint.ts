// The web endpoint a case may declare (`server.httpEndpoint`): a node:http server on a free port of 127.0.0.1
// that answers every request as the case says, started before the case's calls and stopped after them; with
// `echoHeaders`, its body is instead the named request headers (`{"headers": {...}}`), to show what a Task sent.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConformanceCase } from './case.ts';

/** Runs `run` with the endpoint's URL (undefined when the case declares none), stopping the endpoint after. */
export async function withCaseEndpoint<T>(
  c: ConformanceCase,
  run: (url: string | undefined) => Promise<T>,
): Promise<T> {
  const answer = c.server?.httpEndpoint;
  if (answer === undefined) return run(undefined);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.echoHeaders === undefined ? (answer.body ?? '') : echoed(req.headers, answer.echoHeaders));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  try {
    return await run(`http://127.0.0.1:${String((server.address() as AddressInfo).port)}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  }
}

function echoed(headers: Record<string, string | string[] | undefined>, names: readonly string[]): string {
  return JSON.stringify({
    headers: Object.fromEntries(names.map((name) => [name, headers[name.toLowerCase()] ?? null])),
  });
}
