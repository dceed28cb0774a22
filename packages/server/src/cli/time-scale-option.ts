// `serve --time-scale N` (and Step Functions Local's WAIT_TIME_SCALE): how much of their time Waits and Retry
// back-offs take, for test environments.

import { UsageError } from './args.ts';

export function timeScaleOption(text: string | undefined): { waitTimeScale?: number } {
  if (text === undefined) return {};
  const scale = Number(text);
  if (text.trim() === '' || !Number.isFinite(scale) || scale < 0) {
    throw new UsageError(
      `--time-scale (or WAIT_TIME_SCALE) must be a number from 0 up (0: Waits and Retry back-offs are due at once; 0.5: half as long), not '${text}'`,
    );
  }
  return { waitTimeScale: scale };
}
