// A self-check target: replays each case's own recording as raw API output, so it exercises the harness alone.
import { replayResult } from '../fake-raw.ts';
import type { Target } from '../target.ts';

export const replayTarget: Target = {
  name: 'replay',
  run: (c) => Promise.resolve(replayResult(c)),
};
