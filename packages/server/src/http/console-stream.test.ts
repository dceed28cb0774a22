// The live stream fed by the runtime's change signals: a stream reads nothing while nothing it shows
// changes, looks again when told of its execution (or its machine's), and the machines page reads the
// machine list once for all its streams, never every machine's executions.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import { LocalSignals } from '../store/signals.ts';
import { ConsoleStreams } from './console-stream.ts';

const arn = 'arn:aws:states:us-east-1:123456789012:execution:m:e';
const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:m';
const history = [1, 2, 3].map(eventOf);
const calls: string[] = [];
const api: StepFunctionsApi = {
  call: (operation, body) => {
    calls.push(operation);
    const request = body as Record<string, unknown>;
    if (operation === 'GetExecutionHistory') {
      return Promise.resolve({ events: [...history].reverse().slice(0, Number(request.maxResults ?? 1000)) });
    }
    if (operation === 'DescribeExecution') return Promise.resolve({ executionArn: arn, status: 'RUNNING' });
    if (operation === 'ListStateMachines') {
      return Promise.resolve({ stateMachines: [{ stateMachineArn: machineArn, type: 'STANDARD' }] });
    }
    return Promise.resolve({ executions: [] });
  },
};
const signals = new LocalSignals();
const streams = new ConsoleStreams({ api, log: pino({ level: 'silent' }), pollMs: 10, changes: signals });
const server: Server = createServer((req, res) => {
  streams.handle(req, res, new URL(req.url ?? '/', 'http://localhost').searchParams);
});
let url = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/stream`;
});
after(() => {
  streams.close();
  server.close();
});

describe('the live stream on change signals', () => {
  it('reads nothing while its execution does not change, and looks again when told it did', async () => {
    const stream = await open(`${url}?executionArn=${encodeURIComponent(arn)}&after=0`);
    try {
      await stream.until(/event: execution/);
      const looked = reads();
      history.push(eventOf(4));
      signals.publish({ kind: 'execution', executionArn: `${arn}-other`, stateMachineArn: machineArn });
      await pause(150);
      assert.equal(reads(), looked, 'no look without a change of this execution (a poll would have read 15 times)');
      signals.publish({ kind: 'execution', executionArn: arn, stateMachineArn: machineArn });
      assert.match(await stream.until(/id: 4\n/), /"id":4/);
    } finally {
      stream.close();
    }
  });

  it("tells the machines page of a change without reading any machine's executions", async () => {
    const pages = await Promise.all(Array.from({ length: 5 }, () => open(`${url}?machines`)));
    try {
      await pause(50);
      calls.length = 0;
      signals.publish({ kind: 'execution', executionArn: arn, stateMachineArn: machineArn });
      for (const page of pages) await page.until(/event: changed/);
      assert.equal(calls.filter((call) => call === 'ListExecutions').length, 0);
      assert.ok(calls.filter((call) => call === 'ListStateMachines').length <= 2, calls.join());
    } finally {
      for (const page of pages) page.close();
    }
  });
});

function eventOf(id: number) {
  return { id, previousEventId: id - 1, timestamp: new Date(1_700_000_000_000), type: 'PassStateEntered' };
}

function reads(): number {
  return calls.filter((call) => call === 'GetExecutionHistory').length;
}

function pause(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

/** An open stream: `until` reads until the text received matches (and returns it all). */
async function open(address: string): Promise<{ until: (pattern: RegExp) => Promise<string>; close: () => void }> {
  const controller = new AbortController();
  const res = await fetch(address, { signal: controller.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    until: async (pattern) => {
      while (!pattern.test(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended before ${String(pattern)}:\n${text}`);
        text += decoder.decode(chunk.value);
      }
      return text;
    },
    close: () => {
      controller.abort();
    },
  };
}
