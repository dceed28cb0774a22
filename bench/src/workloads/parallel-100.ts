// parallel-100: a Parallel of 100 branches of 3 Pass states each.

import { compareInProcess } from '../measure.ts';
import type { Workload } from '../workload.ts';

export function parallelDefinition(branches: number): object {
  const Branches = Array.from({ length: branches }, (_, branch) => ({
    StartAt: `Tag${branch}`,
    States: {
      [`Tag${branch}`]: { Type: 'Pass', Parameters: { branch, 'x.$': '$.x' }, Next: `Add${branch}` },
      [`Add${branch}`]: { Type: 'Pass', Result: 'two', ResultPath: '$.two', Next: `Keep${branch}` },
      [`Keep${branch}`]: { Type: 'Pass', End: true },
    },
  }));
  return { StartAt: 'All', States: { All: { Type: 'Parallel', Branches, End: true } } };
}

export const parallel100: Workload = {
  name: 'parallel-100',
  run: async (options) => {
    const branches = options.size === 'full' ? 100 : 3;
    const executions = options.size === 'full' ? 200 : 1;
    const figure = await compareInProcess(
      {
        workload: 'parallel-100',
        definition: parallelDefinition(branches),
        input: { x: 1 },
        expected: Array.from({ length: branches }, (_, branch) => ({ branch, x: 1, two: 'two' })),
        executions,
        figure: { metric: 'CPU ms per execution', better: 'lower', of: (seconds) => (seconds * 1000) / executions },
      },
      options,
    );
    return [figure];
  },
};
