// The contract every LogStore implementation passes (SQLite today; PostgreSQL registers the same suite):
// groups, streams created on first write, events in time order with pages, retention.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogStore } from './log-store.ts';

export interface LogStoreFactory {
  /** A fresh, empty database. */
  open(): Promise<LogStore & { close(): Promise<void> }>;
}

const day = 86_400_000;

export function logStoreContract(name: string, factory: LogStoreFactory): void {
  const withLogs = async (fn: (logs: LogStore) => Promise<void>): Promise<void> => {
    const logs = await factory.open();
    try {
      await fn(logs);
    } finally {
      await logs.close();
    }
  };
  void describe(`LogStore contract: ${name}`, () => {
    void it('creates a group once, lists groups by name and prefix with pages, deletes one', () =>
      withLogs(async (logs) => {
        assert.equal(await logs.createLogGroup({ name: '/aws/b', creationTime: 1 }), true);
        assert.equal(await logs.createLogGroup({ name: '/aws/b', creationTime: 2 }), false);
        await logs.createLogGroup({ name: '/aws/a', creationTime: 3, retentionInDays: 7 });
        await logs.createLogGroup({ name: 'other', creationTime: 4 });
        const first = await logs.listLogGroups({ prefix: '/aws/', limit: 1 });
        assert.deepEqual(first.items, [{ name: '/aws/a', creationTime: 3, retentionInDays: 7, storedBytes: 0 }]);
        assert.ok(first.nextToken !== undefined);
        const second = await logs.listLogGroups({ prefix: '/aws/', limit: 1, nextToken: first.nextToken });
        assert.deepEqual(
          second.items.map((g) => g.name),
          ['/aws/b'],
        );
        assert.equal(second.nextToken, undefined);
        assert.equal(await logs.deleteLogGroup('/aws/a'), true);
        assert.equal(await logs.getLogGroup('/aws/a'), undefined);
        assert.equal(await logs.deleteLogGroup('/aws/a'), false);
      }));

    void it('appends events to streams created on first write, skipping groups that do not exist', () =>
      withLogs(async (logs) => {
        await logs.createLogGroup({ name: 'g', creationTime: 0 });
        const missing = await logs.putLogEvents(
          [
            { groupName: 'g', streamName: 's1', events: [{ timestamp: 20, message: 'b' }] },
            { groupName: 'gone', streamName: 's1', events: [{ timestamp: 5, message: 'x' }] },
            {
              groupName: 'g',
              streamName: 's2',
              events: [
                { timestamp: 10, message: 'a' },
                { timestamp: 30, message: 'cc' },
              ],
            },
          ],
          100,
        );
        assert.deepEqual(missing, ['gone']);
        const all = await logs.queryLogEvents('g', { limit: 10 });
        assert.deepEqual(
          all.items.map((e) => [e.streamName, e.timestamp, e.message, e.ingestionTime]),
          [
            ['s2', 10, 'a', 100],
            ['s1', 20, 'b', 100],
            ['s2', 30, 'cc', 100],
          ],
        );
        const streams = await logs.listLogStreams('g', { orderBy: 'LogStreamName', descending: false, limit: 10 });
        assert.deepEqual(streams.items, [
          {
            name: 's1',
            creationTime: 100,
            firstEventTimestamp: 20,
            lastEventTimestamp: 20,
            lastIngestionTime: 100,
            storedBytes: 1,
          },
          {
            name: 's2',
            creationTime: 100,
            firstEventTimestamp: 10,
            lastEventTimestamp: 30,
            lastIngestionTime: 100,
            storedBytes: 3,
          },
        ]);
        const byTime = await logs.listLogStreams('g', { orderBy: 'LastEventTime', descending: true, limit: 1 });
        assert.deepEqual(
          byTime.items.map((s) => s.name),
          ['s2'],
        );
        assert.equal((await logs.getLogGroup('g'))?.storedBytes, 4);
      }));

    void it('reads events by time range, stream and direction, a page at a time', () =>
      withLogs(async (logs) => {
        await logs.createLogGroup({ name: 'g', creationTime: 0 });
        const events = [1, 2, 2, 3, 4].map((timestamp, i) => ({ timestamp, message: `m${String(i)}` }));
        await logs.putLogEvents([{ groupName: 'g', streamName: 's', events }], 9);
        await logs.putLogEvents([{ groupName: 'g', streamName: 't', events: [{ timestamp: 2, message: 'other' }] }], 9);
        const seen: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = await logs.queryLogEvents('g', {
            streamNames: ['s'],
            startTime: 2,
            endTime: 4,
            limit: 2,
            ...(nextToken === undefined ? {} : { nextToken }),
          });
          seen.push(...page.items.map((e) => e.message));
          nextToken = page.nextToken;
        } while (nextToken !== undefined);
        assert.deepEqual(seen, ['m1', 'm2', 'm3']);
        const newest = await logs.queryLogEvents('g', { descending: true, limit: 2, streamPrefix: 's' });
        assert.deepEqual(
          newest.items.map((e) => e.message),
          ['m4', 'm3'],
        );
        await assert.rejects(logs.queryLogEvents('g', { limit: 1, nextToken: 'nonsense' }), /invalid page token/);
      }));

    void it('deletes the events a retention no longer keeps, and only those', () =>
      withLogs(async (logs) => {
        await logs.createLogGroup({ name: 'kept', creationTime: 0 });
        await logs.createLogGroup({ name: 'short', creationTime: 0 });
        assert.equal(await logs.setRetention('short', 1), true);
        assert.equal(await logs.setRetention('missing', 1), false);
        const events = [
          { timestamp: 0, message: 'old' },
          { timestamp: 2 * day, message: 'new' },
        ];
        await logs.putLogEvents(
          [
            { groupName: 'kept', streamName: 's', events },
            { groupName: 'short', streamName: 's', events },
          ],
          0,
        );
        assert.equal(await logs.enforceRetention(2 * day + 1), 1);
        assert.deepEqual(
          (await logs.queryLogEvents('short', { limit: 10 })).items.map((e) => e.message),
          ['new'],
        );
        assert.equal((await logs.queryLogEvents('kept', { limit: 10 })).items.length, 2);
        assert.equal((await logs.getLogGroup('short'))?.storedBytes, 3);
        await logs.setRetention('short', undefined);
        assert.equal((await logs.getLogGroup('short'))?.retentionInDays, undefined);
      }));
  });
}
