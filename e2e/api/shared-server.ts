// One `stepwise serve` and one AWS SDK client for a test file: started before its tests, both stopped after
// them, the server required to exit 0 (a graceful shutdown).

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from './server-process.ts';
import { sfnClient } from './sfn-client.ts';

export interface SharedServer {
  server: ServerProcess;
  sfn: SFNClient;
}

/**
 * Registers the file's `before` and `after` hooks; `use` receives the server and its client once started.
 * @example
 * let sfn: SFNClient;
 * serveForTests((started) => ({ sfn } = started));
 */
export function serveForTests(use: (started: SharedServer) => void, args: string[] = []): void {
  let started: SharedServer | undefined;
  before(async () => {
    const server = await startServer(args);
    started = { server, sfn: sfnClient(server.url) };
    use(started);
  });
  after(async () => {
    if (started === undefined) return;
    started.sfn.destroy();
    assert.equal(await started.server.stop(), 0);
  });
}
