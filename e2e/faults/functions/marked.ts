// A local function that notes each call in a file, then takes a while: the crash-loop probe kills the
// server during each call and counts the calls.
import { appendFileSync } from 'node:fs';

export async function handler(event: { marker: string; millis: number }): Promise<{ slept: number }> {
  appendFileSync(event.marker, 'called\n');
  await new Promise((resolve) => setTimeout(resolve, event.millis));
  return { slept: event.millis };
}
