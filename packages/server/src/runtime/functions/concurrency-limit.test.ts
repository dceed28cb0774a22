// ConcurrencyLimit: slots are given back in FIFO order; an aborted waiter leaves the queue.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConcurrencyLimit } from './concurrency-limit.ts';

test('callers beyond the limit wait, and start in arrival order as slots come back', async () => {
  const limit = new ConcurrencyLimit(1);
  const started: string[] = [];
  const first = await limit.acquire();
  const second = limit.acquire().then((release) => {
    started.push('second');
    return release;
  });
  const third = limit.acquire().then((release) => {
    started.push('third');
    return release;
  });
  await Promise.resolve();
  assert.deepEqual(started, []);
  assert.equal(limit.active, 1);
  first();
  (await second)();
  (await third)();
  assert.deepEqual(started, ['second', 'third']);
  assert.equal(limit.active, 0);
});

test('a waiter whose signal aborts is rejected and leaves the queue', async () => {
  const limit = new ConcurrencyLimit(1);
  const release = await limit.acquire();
  const controller = new AbortController();
  const waiting = limit.acquire(controller.signal);
  controller.abort(new Error('gave up'));
  await assert.rejects(waiting, /gave up/);
  release();
  assert.equal(limit.active, 0);
  const again = await limit.acquire();
  assert.equal(limit.active, 1);
  again();
});

test('releasing twice gives back one slot only', async () => {
  const limit = new ConcurrencyLimit(2);
  const release = await limit.acquire();
  release();
  release();
  assert.equal(limit.active, 0);
});

test('the limit must be a positive integer', () => {
  assert.throws(() => new ConcurrencyLimit(0), RangeError);
  assert.throws(() => new ConcurrencyLimit(1.5), RangeError);
});
