// Which cases a target does not run yet, and why: each reason names what would bring it.
// Skipped cases are counted and listed by the runner, never dropped.

import { awsServicesActive, runsOnAws } from '../aws-services.ts';
import type { ConformanceCase } from '../case.ts';

export interface TargetAbilities {
  /** Runs `states:startExecution` and `aws-sdk:sfn` tasks (needs the service over the durable runtime). */
  nestedExecutions: boolean;
  /** Waits for a `.waitForTaskToken` service call's token (needs a runtime: the local runner answers at once). */
  callbacks: boolean;
}

/** Integrations every execution target performs: local Lambda functions and activities (with a worker). */
const performed = new Set(['lambda', 'activity']);

export function notYetTargeted(c: ConformanceCase, abilities: TargetAbilities): string | undefined {
  // TestState never calls a service the case does not mock (or, for Lambda, answer locally).
  // StartSyncExecution runs through the service in process (sync-in-process.ts) or over HTTP.
  if (['invalid_definition', 'validate_definition', 'test_state', 'sync_execution'].includes(c.kind)) return undefined;
  // Our own API cases create what they use through the API, and every target runs them.
  if (c.kind === 'api_calls') return undefined;
  // `states:startExecution` and `aws-sdk:sfn:*` call Step Functions: the service performs them.
  const callsStepFunctions = c.services.includes('states') || c.services.includes('aws-sdk:sfn');
  if (callsStepFunctions) {
    if (!abilities.nestedExecutions) return 'nested executions: run by the sqlite and http targets (the service)';
    // The mock configuration file is LocalStack's stand-in for what AWS really ran: the recording is AWS's.
    const fixtures = (c.external_fixtures ?? []).filter((fixture) => fixture !== 'mock_config_file');
    if (fixtures.length > 0) return `nested executions with a fixture not reproduced: ${fixtures.join(', ')}`;
  }
  if (!abilities.callbacks && c.services.some((service) => service.endsWith('+callback')))
    return 'callbacks: run by the sqlite and http targets (the runtime)';
  const services = c.services.filter(
    (service) => !performed.has(service) && service !== 'states' && service !== 'aws-sdk:sfn',
  );
  if (services.length > 0 && !(runsOnAws(c) && awsServicesActive())) {
    const why = runsOnAws(c) ? 'run with an AWS-compatible server: --aws' : 'not on moto';
    return `service integrations: ${services.join(', ')} (${why})`;
  }
  if (c.definition === null || typeof c.definition !== 'object') return 'definition is not a JSON object';
  return undefined;
}
