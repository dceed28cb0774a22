// durable-logs: what execution logs at level ALL (execution data included) cost the durable workload.
// The same 1,000 executions run with logging off and on, alternately in one process, and the figure is
// the logged throughput as a share of the unlogged one (the bound: at most 25 % lost).

import { median, type Figure } from '../figures.ts';
import type { Workload } from '../workload.ts';
import { runOnce } from './durable.ts';

const transitionsPerExecution = 10;

export const durableLogs: Workload = {
  name: 'durable-logs',
  run: async (options) => {
    const executions = options.size === 'full' ? 1000 : 5;
    const off: number[] = [];
    const on: number[] = [];
    await runOnce(executions, -1, true);
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      for (const logged of [false, true]) {
        const { cpu } = await runOnce(executions, repeat, logged);
        (logged ? on : off).push((executions * transitionsPerExecution) / cpu);
      }
      options.log(
        `durable-logs: ${Math.round(off.at(-1) ?? 0)} unlogged, ${Math.round(on.at(-1) ?? 0)} logged (level ALL) transitions per CPU-second`,
      );
    }
    const share = median(on) / median(off);
    const figure: Figure = {
      workload: 'durable-logs',
      metric: 'throughput logged at ALL / unlogged',
      better: 'higher',
      stepwise: share,
      target: { kind: 'atLeast', value: 0.75 },
      samples: { stepwise: on.map((value, i) => value / (off[i] ?? value)) },
      note: `${executions} executions x ${transitionsPerExecution} states; medians ${Math.round(median(off))} unlogged, ${Math.round(median(on))} logged transitions per CPU-s`,
    };
    return [figure];
  },
};
