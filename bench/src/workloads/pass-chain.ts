// pass-chain: 100 Pass states, each with Parameters and ResultPath, run repeatedly: state transitions/s.

import type { JsonObject } from '@stepwise/core';
import { compareInProcess } from '../measure.ts';
import type { Workload } from '../workload.ts';

export const passChainLength = 100;

export function passChainDefinition(length = passChainLength): object {
  const States: Record<string, object> = {};
  for (let i = 0; i < length; i++) {
    const next = i + 1 < length ? { Next: `S${i + 1}` } : { End: true };
    States[`S${i}`] = {
      Type: 'Pass',
      Parameters: { 'n.$': '$.n', 'tag.$': '$.tag', step: i },
      ResultPath: '$.last',
      ...next,
    };
  }
  return { StartAt: 'S0', States };
}

export const passChain: Workload = {
  name: 'pass-chain',
  run: async (options) => {
    const input: JsonObject = { n: 7, tag: 'bench' };
    const executions = options.size === 'full' ? 1000 : 2;
    const figure = await compareInProcess(
      {
        workload: 'pass-chain',
        definition: passChainDefinition(),
        input,
        expected: { ...input, last: { n: 7, tag: 'bench', step: passChainLength - 1 } },
        executions,
        figure: {
          metric: 'state transitions per CPU-s',
          better: 'higher',
          of: (seconds) => (executions * passChainLength) / seconds,
          target: { kind: 'ratio', atLeast: 10 },
        },
      },
      options,
    );
    return [figure];
  },
};
