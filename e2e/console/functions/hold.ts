// Waits until the file named by the event exists, so a test can watch the state run, then let it finish.
import { existsSync } from 'node:fs';

export async function handler(event: { release: string }): Promise<{ released: boolean }> {
  for (let waited = 0; waited < 60_000; waited += 50) {
    if (existsSync(event.release)) return { released: true };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('never released');
}
