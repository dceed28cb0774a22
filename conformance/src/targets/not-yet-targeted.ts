// Which cases the engine does not target yet, and why: each reason names the issue that will bring it.
// Skipped cases are counted and listed by the runner, never dropped.

import type { ConformanceCase } from '../case.ts';

export function notYetTargeted(c: ConformanceCase): string | undefined {
  if (c.kind === 'sync_execution') return 'StartSyncExecution runs on the http target';
  // TestState never calls a service the case does not mock (or, for Lambda, answer locally).
  if (c.kind === 'invalid_definition' || c.kind === 'validate_definition' || c.kind === 'test_state') return undefined;
  const services = c.services.filter((service) => service !== 'lambda');
  if (services.length > 0) return `service integrations: ${services.join(', ')} (issue 5)`;
  if (c.definition === null || typeof c.definition !== 'object') return 'definition is not a JSON object';
  return undefined;
}
