// HTTP start routes behind `serve --auth`: an AWS_IAM route refuses an unsigned request (403) and takes one
// signed with a key (SigV4, signing name execute-api); a NONE route stays open; a read-only key, or a key of
// another account than the route's machine, may not start.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import { pino } from 'pino';
import { sqliteTriggerStore } from '../store/sqlite/sqlite-store.ts';
import { Sha256Checksum } from '../testing/sha256-checksum.ts';
import type { HttpRoute } from '../service/routes/route-definition.ts';
import { RouteTable } from '../service/routes/route-table.ts';
import { passDefinition, testRoleArn, testService } from '../service/test-support.ts';
import { createRequestAuth } from './request-auth.ts';
import { routesHttpService } from './routes-http.ts';

const account = '123456789012';
const keys = [
  { accessKeyId: 'AKIDWRITER', secretAccessKey: 'writer-secret', account, readOnly: false },
  { accessKeyId: 'AKIDREADER', secretAccessKey: 'reader-secret', account, readOnly: true },
  { accessKeyId: 'AKIDOTHER', secretAccessKey: 'other-secret', account: '210987654321', readOnly: false },
];
const log = pino({ level: 'silent' });
let server: Server;
let port = 0;

const route = (path: string, authorization: HttpRoute['authorization']): HttpRoute => ({
  method: 'POST',
  path,
  stateMachineArn: `arn:aws:states:us-east-1:${account}:stateMachine:orders`,
  sync: false,
  authorization,
  origin: 'file',
});

before(async () => {
  const sfn = testService();
  await sfn.call('CreateStateMachine', { name: 'orders', definition: passDefinition, roleArn: testRoleArn });
  const table = new RouteTable(
    [route('/signed', 'AWS_IAM'), route('/open', 'NONE')],
    sqliteTriggerStore(sfn.store),
    log,
  );
  const auth = createRequestAuth({ keys, region: 'us-east-1', account });
  const service = routesHttpService({ table, api: sfn.api, log, auth });
  server = createServer((req, res) => void service.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function post(path: string, key?: (typeof keys)[number]): Promise<number> {
  const body = '{"a":1}';
  let headers: Record<string, string> = { host: `127.0.0.1:${String(port)}`, 'content-type': 'application/json' };
  if (key !== undefined) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      region: 'us-east-1',
      service: 'execute-api',
      sha256: Sha256Checksum,
    });
    const request = { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path, headers, body };
    headers = (await signer.sign(request)).headers;
  }
  const response = await fetch(`http://127.0.0.1:${String(port)}${path}`, { method: 'POST', headers, body });
  await response.text();
  return response.status;
}

describe('routes under --auth', () => {
  it('an AWS_IAM route takes only signed requests of a key that may start executions', async () => {
    assert.equal(await post('/signed'), 403);
    assert.equal(await post('/signed', keys[0]), 200);
    assert.equal(await post('/signed', keys[1]), 403);
  });

  it("refuses a key of another account the route's machine", async () => {
    assert.equal(await post('/signed', keys[2]), 403);
  });

  it('a NONE route is open', async () => {
    assert.equal(await post('/open'), 200);
  });
});
