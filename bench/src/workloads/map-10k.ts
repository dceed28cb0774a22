// map-10k: an inline Map over 6,000 items (10,000 until the history quota: 4 events per item, and AWS fails
// an execution at 25,000), a Pass processor, MaxConcurrency 0: time to finish.

import { compareInProcess } from '../measure.ts';
import type { Workload } from '../workload.ts';

export const mapDefinition = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 0,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Wrap',
        States: { Wrap: { Type: 'Pass', Parameters: { 'id.$': '$.n' }, End: true } },
      },
      End: true,
    },
  },
};

export const map10k: Workload = {
  name: 'map-10k',
  run: async (options) => {
    const count = options.size === 'full' ? 6_000 : 20;
    const items = Array.from({ length: count }, (_, n) => ({ n }));
    const figure = await compareInProcess(
      {
        workload: 'map-10k',
        definition: mapDefinition,
        input: { items },
        expected: items.map(({ n }) => ({ id: n })),
        executions: 3,
        figure: {
          metric: 'CPU ms per execution',
          better: 'lower',
          of: (seconds) => (seconds * 1000) / 3,
          target: { kind: 'ratio', atLeast: 20 },
        },
      },
      options,
    );
    return [figure];
  },
};
