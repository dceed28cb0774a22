// Fails until the file named by the event exists: the first run fails, a redrive after the test creates it succeeds.
import { existsSync } from 'node:fs';

export function handler(event: { open: string }): { charged: boolean } {
  if (existsSync(event.open)) return { charged: true };
  const error = new Error('The card was declined by the test gate');
  error.name = 'PaymentDeclined';
  throw error;
}
