// The header's notice that this server runs Waits and Retry back-offs faster or slower than written.

import { serverInfo, timeScaleLabel } from '../api/server-info.ts';
import { useData } from './use-data.ts';

export function TimeScaleBadge() {
  const { data } = useData(serverInfo, []);
  const label = data === undefined ? undefined : timeScaleLabel(data.waitTimeScale);
  if (label === undefined) return null;
  return (
    <span class="time-scale" title="serve --time-scale (WAIT_TIME_SCALE)" data-testid="time-scale">
      {label}
    </span>
  );
}
