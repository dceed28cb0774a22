// GroupWriter without a database: requests that arrive together share a call, one per execution and in
// key order; a group the database refuses is retried request by request; any other failure is reported.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { GroupWriter } from './group-writer.ts';

interface Request {
  key: string;
  n: number;
}

function recorder(fail?: (group: readonly Request[]) => Error | undefined) {
  const groups: string[][] = [];
  const singles: string[] = [];
  const writer = new GroupWriter<Request, string>({
    key: (request) => request.key,
    write: async (group) => {
      groups.push(group.map((request) => `${request.key}${String(request.n)}`));
      await new Promise((resolve) => setImmediate(resolve));
      const error = fail?.(group);
      if (error !== undefined) throw error;
      return group.map((request) => `done ${request.key}${String(request.n)}`);
    },
    single: (request) => {
      singles.push(request.key);
      return Promise.resolve(`alone ${request.key}`);
    },
  });
  return { writer, groups, singles };
}

test('requests made together share a group, one per key, sorted by key', async () => {
  const { writer, groups } = recorder();
  const keys = ['k', 'j', 'i', 'h', 'g', 'f', 'e', 'd', 'c', 'b', 'a', 'b'];
  const outcomes = await Promise.all(keys.map((key, n) => writer.submit({ key, n })));
  assert.deepEqual(
    outcomes,
    keys.map((key, n) => `done ${key}${String(n)}`),
  );
  // The first two go at once (two groups in flight); the rest wait for them and go together, except the
  // second request of 'b', which waits for the group holding the first.
  assert.deepEqual(groups, [['k0'], ['j1'], ['a10', 'b9', 'c8', 'd7', 'e6', 'f5', 'g4', 'h3', 'i2'], ['b11']]);
});

test('a group the database refuses is written request by request; another failure rejects its requests', async () => {
  const refused = recorder((group) =>
    group.length > 1 ? new pg.DatabaseError('duplicate key', 0, 'error') : undefined,
  );
  const keys = ['a', 'b', 'c', 'd'];
  const outcomes = await Promise.all(keys.map((key, n) => refused.writer.submit({ key, n })));
  assert.deepEqual(outcomes, ['done a0', 'done b1', 'alone c', 'alone d']);
  assert.deepEqual(refused.singles, ['c', 'd']);
  const lost = recorder(() => new Error('connection lost'));
  const settled = await Promise.allSettled(keys.map((key, n) => lost.writer.submit({ key, n })));
  assert.ok(settled.every((outcome) => outcome.status === 'rejected'));
  assert.deepEqual(lost.singles, []);
});
