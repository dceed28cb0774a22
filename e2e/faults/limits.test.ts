// Black box: the limits that protect the host. Past `--max-requests N` in flight, a call gets AWS's
// ThrottlingException until one ends; a client that sends its headers or its body too slowly
// (`--headers-timeout`, `--request-timeout`) is answered 408 and cut off while others are served; past
// `--max-connections N` a new connection is closed at once, and accepted again when one goes.

import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateActivityCommand, GetActivityTaskCommand, ListActivitiesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { eventually, sfnClient } from '../api/sfn-client.ts';
import { startServer, type ServerProcess } from '../api/server-process.ts';

let limited: ServerProcess;
let few: ServerProcess;
let sfn: SFNClient;

before(async () => {
  limited = await startServer(['--max-requests', '2', '--headers-timeout', '1', '--request-timeout', '2']);
  few = await startServer(['--max-connections', '2']);
  sfn = sfnClient(limited.url);
});

after(async () => {
  sfn.destroy();
  assert.equal(await limited.stop(), 0);
  assert.equal(await few.stop(), 0);
});

/** A raw connection to `url`; `answer` resolves with all it received once the server closes it. */
async function rawSocket(url: string): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const answer = new Promise<string>((resolve) => {
    socket.once('close', () => {
      resolve(received);
    });
  });
  socket.on('error', () => undefined);
  return { socket, answer };
}

async function throttled(client: SFNClient): Promise<boolean> {
  try {
    await client.send(new ListActivitiesCommand({}));
    return false;
  } catch (error) {
    if ((error as Error).name === 'ThrottlingException') return true;
    throw error;
  }
}

describe('limits that protect the host', { timeout: 60_000 }, () => {
  it('--max-requests: a call past the limit is ThrottlingException, served again once one ends', async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'held' }));
    // Two long polls (nothing to hand out) hold both places.
    const polls = [new AbortController(), new AbortController()];
    const pollers = polls.map((poll) => {
      const client = sfnClient(limited.url);
      const done = client
        .send(new GetActivityTaskCommand({ activityArn }), { abortSignal: poll.signal })
        .catch(() => undefined)
        .finally(() => {
          client.destroy();
        });
      return done;
    });
    await eventually(
      () => throttled(sfn),
      (refused) => refused,
    );
    await assert.rejects(
      sfn.send(new ListActivitiesCommand({})),
      (error: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'ThrottlingException');
        assert.equal(error.message, 'Rate exceeded');
        assert.equal(error.$metadata.httpStatusCode, 400);
        return true;
      },
    );
    for (const poll of polls) poll.abort();
    await Promise.all(pollers);
    await eventually(
      () => throttled(sfn),
      (refused) => !refused,
    );
  });

  it('--headers-timeout: a client that never finishes its headers gets 408 and is cut off', async () => {
    const slow = await rawSocket(limited.url);
    slow.socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSStepFunctions.ListActivities\r\n');
    // Others are served meanwhile.
    assert.ok(Array.isArray((await sfn.send(new ListActivitiesCommand({}))).activities));
    assert.match(await slow.answer, /^HTTP\/1\.1 408 /);
  });

  it('--request-timeout: a client that stops sending its body gets 408 and is cut off', async () => {
    const slow = await rawSocket(limited.url);
    slow.socket.write(
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n' +
        'X-Amz-Target: AWSStepFunctions.ListActivities\r\nContent-Length: 100\r\n\r\n{"maxRes',
    );
    assert.ok(Array.isArray((await sfn.send(new ListActivitiesCommand({}))).activities));
    assert.match(await slow.answer, /^HTTP\/1\.1 408 /);
  });

  it('--max-connections: a connection past the limit is closed unanswered, accepted once one goes', async () => {
    const held = [await rawSocket(few.url), await rawSocket(few.url)];
    const extra = await rawSocket(few.url);
    extra.socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}');
    assert.equal(await extra.answer, '');
    held[0]?.socket.destroy();
    await held[0]?.answer;
    const client = sfnClient(few.url);
    try {
      const listed = await eventually(
        () => client.send(new ListActivitiesCommand({})).catch(() => undefined),
        (answer) => answer !== undefined,
      );
      assert.deepEqual(listed?.activities, []);
    } finally {
      client.destroy();
      held[1]?.socket.destroy();
    }
  });
});
