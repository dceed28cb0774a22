// put-events: a real server on loopback with 100 EventBridge rules (prefix, numeric, anything-but, suffix and
// exact patterns), each targeting a state machine. PutEvents of 10 entries from concurrent keep-alive clients:
// events accepted per second (wall clock), one in a hundred matching a rule; every match must start exactly
// one execution.

import { median, type Figure } from '../figures.ts';
import { ApiClient, countExecutions, pool, roleArn, startServer, untilNoneRunning } from '../server.ts';
import { WrongResultError, type Workload } from '../workload.ts';
import { createMachine } from './http-start.ts';

const concurrency = 16;
const rules = 100;
const eventsCall = (client: ApiClient, operation: string, body: object) =>
  client.call(operation, body, 'AWSEvents', 'application/x-amz-json-1.1');

/** Rule i matches `detail.kind` = `kind-i` and one more condition of a kind that varies with i. */
function pattern(i: number): object {
  const conditions = [
    { amount: [{ numeric: ['>=', 0, '<', 1000] }] },
    { region: [{ prefix: 'eu-' }] },
    { region: [{ 'anything-but': ['us-east-1'] }] },
    { file: [{ suffix: '.png' }] },
    { region: ['eu-west-1', 'eu-central-1'] },
  ];
  return { source: ['bench.shop'], 'detail-type': ['Order'], detail: { kind: [`kind-${i}`], ...conditions[i % 5] } };
}

function entry(n: number): object {
  // Every hundredth event is for rule n % rules; the others name no rule's kind.
  const kind = n % 100 === 0 ? `kind-${(n / 100) % rules}` : `other-${n}`;
  const detail = { kind, amount: n % 1000, region: 'eu-west-1', file: `f${n}.png` };
  return { Source: 'bench.shop', DetailType: 'Order', Detail: JSON.stringify(detail) };
}

export const putEvents: Workload = {
  name: 'put-events',
  run: async (options) => {
    const server = await startServer();
    const client = new ApiClient(server.url, concurrency);
    try {
      const machine = await createMachine(client, 'on-order', 'STANDARD', {
        StartAt: 'Done',
        States: { Done: { Type: 'Succeed' } },
      });
      for (let i = 0; i < rules; i++) {
        await eventsCall(client, 'PutRule', { Name: `rule-${i}`, EventPattern: JSON.stringify(pattern(i)) });
        await eventsCall(client, 'PutTargets', {
          Rule: `rule-${i}`,
          Targets: [{ Id: 't', Arn: machine, RoleArn: roleArn }],
        });
      }
      const calls = options.size === 'full' ? 2000 : 20;
      const rates: number[] = [];
      let sent = 0;
      const putMany = (count: number) =>
        pool(count, concurrency, async () => {
          const first = sent;
          sent += 10;
          const entries = Array.from({ length: 10 }, (_, k) => entry(first + k));
          const put = await eventsCall(client, 'PutEvents', { Entries: entries });
          if (put.FailedEntryCount !== 0) throw new WrongResultError('stepwise', 'put-events', JSON.stringify(put));
        });
      // Warm-up (the JIT, the first executions' start): not measured.
      await putMany(options.size === 'full' ? 500 : 2);
      await untilStarted(client, machine, Math.ceil(sent / 100));
      for (let repeat = 0; repeat < options.repeats; repeat++) {
        const started = performance.now();
        await putMany(calls);
        const seconds = (performance.now() - started) / 1000;
        rates.push((calls * 10) / seconds);
        options.log(
          `put-events: ${Math.round(rates.at(-1) ?? 0)} events/s into ${rules} rules (${calls * 10} in ${seconds.toFixed(2)} s)`,
        );
      }
      await untilStarted(client, machine, Math.ceil(sent / 100));
      return [figure(rates, calls)];
    } finally {
      client.close();
      await server.stop();
    }
  },
};

/** Waits until the matches' executions have all been started and finished; exactly `expected` of them. */
async function untilStarted(client: ApiClient, machine: string, expected: number): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    await untilNoneRunning(client, machine);
    const total = await countExecutions(client, machine, 'SUCCEEDED');
    if (total === expected) return;
    if (total > expected) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const total = await countExecutions(client, machine, 'SUCCEEDED');
  throw new WrongResultError('stepwise', 'put-events', `${total} executions for ${expected} matching events`);
}

function figure(rates: number[], calls: number): Figure {
  return {
    workload: 'put-events',
    metric: 'PutEvents events accepted per second (100 rules)',
    better: 'higher',
    stepwise: median(rates),
    target: { kind: 'atLeast', value: 2000 },
    samples: { stepwise: rates },
    note: `${calls} calls of 10 entries, ${concurrency} concurrent keep-alive clients, 1 % matching`,
  };
}
