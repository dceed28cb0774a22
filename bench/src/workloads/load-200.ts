// load-200: a real server on loopback and 200 independent keep-alive clients, each looping StartExecution then
// DescribeExecution of a 5-state Standard machine for 30 s (issue 14's load run): StartExecution latency (p50,
// p99) and calls answered per second. Errors are counted and named in the note; the e2e probe
// (e2e/faults/load.test.ts) is the one that fails on them.

import { runLoad } from 'stepwise/testing';
import { median, quantile, type Figure } from '../figures.ts';
import { ApiClient, startServer } from '../server.ts';
import { createMachine, standardDefinition } from './http-start.ts';
import type { Workload } from '../workload.ts';

export const load200: Workload = {
  name: 'load-200',
  run: async (options) => {
    const clients = options.size === 'full' ? 200 : 10;
    const seconds = options.size === 'full' ? 30 : 1;
    const server = await startServer();
    const client = new ApiClient(server.url, 1);
    try {
      const stateMachineArn = await createMachine(client, 'load', 'STANDARD', standardDefinition);
      const p50s: number[] = [];
      const p99s: number[] = [];
      const rates: number[] = [];
      const errors: string[] = [];
      for (let repeat = 0; repeat < options.repeats; repeat++) {
        const result = await runLoad({ url: server.url, stateMachineArn, clients, seconds });
        const latencies = result.startLatencies;
        p50s.push(quantile(latencies, 0.5));
        p99s.push(quantile(latencies, 0.99));
        rates.push((latencies.length + result.describes) / seconds);
        errors.push(...[...result.errors].map(([what, count]) => `${String(count)}× ${what}`));
        options.log(
          `load-200: ${String(latencies.length)} StartExecution and ${String(result.describes)} DescribeExecution from ${String(clients)} clients in ${String(seconds)} s; StartExecution p50 ${p50s.at(-1)?.toFixed(1) ?? ''} ms, p99 ${p99s.at(-1)?.toFixed(1) ?? ''} ms; errors: ${result.errors.size === 0 ? 'none' : [...result.errors].join('; ')}`,
        );
      }
      return figures(
        p50s,
        p99s,
        rates,
        `${String(clients)} keep-alive clients for ${String(seconds)} s; errors: ${errors.length === 0 ? 'none' : errors.join('; ')}`,
      );
    } finally {
      client.close();
      await server.stop();
    }
  },
};

function figures(p50s: number[], p99s: number[], rates: number[], note: string): Figure[] {
  return [
    {
      workload: 'load-200',
      metric: 'StartExecution p50 ms',
      better: 'lower',
      stepwise: median(p50s),
      samples: { stepwise: p50s },
    },
    {
      workload: 'load-200',
      metric: 'StartExecution p99 ms',
      better: 'lower',
      stepwise: median(p99s),
      samples: { stepwise: p99s },
      note,
    },
    {
      workload: 'load-200',
      metric: 'Start+Describe calls answered per s',
      better: 'higher',
      stepwise: median(rates),
      samples: { stepwise: rates },
    },
  ];
}
