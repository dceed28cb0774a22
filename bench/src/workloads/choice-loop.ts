// choice-loop: a counter loop of 1,000 iterations through a Choice and a Pass (States.MathAdd).

import { compareInProcess } from '../measure.ts';
import type { Workload } from '../workload.ts';

export const choiceLoopDefinition = {
  StartAt: 'Loop',
  States: {
    Loop: {
      Type: 'Choice',
      Choices: [{ Variable: '$.count', NumericGreaterThanEqualsPath: '$.limit', Next: 'Done' }],
      Default: 'Increment',
    },
    Increment: {
      Type: 'Pass',
      Parameters: { 'count.$': 'States.MathAdd($.count, 1)', 'limit.$': '$.limit' },
      Next: 'Loop',
    },
    Done: { Type: 'Succeed' },
  },
};

export const choiceLoop: Workload = {
  name: 'choice-loop',
  run: async (options) => {
    const limit = options.size === 'full' ? 1000 : 10;
    const executions = options.size === 'full' ? 50 : 1;
    const figure = await compareInProcess(
      {
        workload: 'choice-loop',
        definition: choiceLoopDefinition,
        input: { count: 0, limit },
        expected: { count: limit, limit },
        executions,
        figure: { metric: 'CPU ms per execution', better: 'lower', of: (seconds) => (seconds * 1000) / executions },
      },
      options,
    );
    return [figure];
  },
};
