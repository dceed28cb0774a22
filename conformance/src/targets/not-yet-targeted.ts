// Which cases a target does not run yet, and why: each reason names what would bring it.
// Skipped cases are counted and listed by the runner, never dropped.

import type { ConformanceCase } from '../case.ts';

export interface TargetAbilities {
  /** Runs `states:startExecution` tasks (needs the service over the durable runtime). */
  nestedExecutions: boolean;
}

/** Integrations every execution target performs: local Lambda functions and activities (with a worker). */
const performed = new Set(['lambda', 'activity']);

export function notYetTargeted(c: ConformanceCase, abilities: TargetAbilities): string | undefined {
  if (c.kind === 'sync_execution') return 'StartSyncExecution runs on the http target';
  // TestState never calls a service the case does not mock (or, for Lambda, answer locally).
  if (c.kind === 'invalid_definition' || c.kind === 'validate_definition' || c.kind === 'test_state') return undefined;
  if (c.services.includes('states')) {
    if (!abilities.nestedExecutions) return 'nested executions: run by the sqlite and http targets (the service)';
    const fixtures = c.external_fixtures ?? [];
    if (fixtures.length > 0) return `nested executions with a fixture not reproduced: ${fixtures.join(', ')}`;
  }
  const services = c.services.filter((service) => !performed.has(service) && service !== 'states');
  if (services.length > 0) return `service integrations: ${services.join(', ')} (issue 5)`;
  if (c.definition === null || typeof c.definition !== 'object') return 'definition is not a JSON object';
  return undefined;
}
