// The conformance case format (see ../shared/conformance/localstack/README.md) and its loader.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessKey } from 'stepwise';
import type { ApiCall } from './api-calls.ts';
import type { AwsEndpointOptions } from './case-aws-endpoint.ts';
import type { LocalCodeOptions } from './case-local-code.ts';

export type CaseKind =
  | 'execution'
  | 'execution_output'
  | 'sync_execution'
  | 'test_state'
  | 'invalid_definition'
  | 'validate_definition'
  | 'api_calls';

export type HarnessValueKind =
  | 'role_arn'
  | 'role_name'
  | 'state_machine_name'
  | 'execution_name'
  | 'sync_execution_arn_part1'
  | 'sync_execution_arn_part2';

export type Replacement =
  | { type: 'literal'; value: string; replacement: string; harness_value?: HarnessValueKind }
  | { type: 'regex'; pattern: string; replacement: string };

export type Structural =
  | { type: 'sfn_parallel_events_normalise' }
  | { type: 'jsonpath'; path: string; replacement: string; reference: boolean }
  | { type: 'key_value'; key: string; replacement: string; reference: boolean }
  | { type: 'map_run_arn' }
  | { type: 'utility'; name: string }
  | { type: 'generic'; name: string };

export interface Normalisation {
  replacements: Replacement[];
  structural: Structural[];
}

export interface LambdaSpec {
  arn: string;
  handler_file: string;
  runtime?: string;
  behaviour: string;
  description?: string;
  errorType?: string;
  errorMessage?: string;
  returns?: unknown;
  size_bytes?: number;
  sleep_seconds?: number;
}

export interface Expected {
  status?: string | null;
  output?: unknown;
  output_unparsed?: boolean;
  error?: unknown;
  cause?: unknown;
  events?: unknown[] | null;
  describe_execution?: unknown;
  start_sync_execution?: unknown;
  response?: unknown;
  error_response?: unknown;
}

/**
 * What a case's server is given beyond the harness's defaults, applied by every target through the
 * composition root's Task performer (case-tasks.ts): HTTP Task egress and connections, and a web endpoint the
 * harness starts for the case (its URL is `${endpoint}` in the case's api_calls).
 */
export interface CaseServerOptions extends LocalCodeOptions {
  /** `serve --http-allow`: the hosts HTTP Tasks may reach (with it, the HTTP Task runs; without, it has no handler). */
  httpAllow?: string[];
  /** `serve --connections`: EventBridge connections by name, in CreateConnection's shape. */
  connections?: Record<string, unknown>;
  /** `serve --time-scale`: how much of their time Waits and Retry back-offs take. */
  timeScale?: number;
  /** `serve --retention-days`: finished executions are deleted this long after they closed (swept at each Advance). */
  retentionDays?: number;
  /** Execution logs are written (the machines' LoggingConfiguration) and CloudWatch Logs' API is served. */
  executionLogs?: boolean;
  /**
   * The store's named methods fail as a full (or read-only...) disk makes them fail: with this SQLite or
   * PostgreSQL code. Only targets with an HTTP layer run such a case (the 503 answer is that layer's).
   */
  storeRefuses?: { methods: string[]; code: string };
  /** `serve --auth`: requests must be signed by one of these keys (http targets only, like storeRefuses). */
  auth?: { keys: AccessKey[] };
  /** `serve --s3-webhook-secret`: the S3 notification webhook (`POST /s3-notifications`) takes this secret. */
  s3WebhookSecret?: string;
  /** `serve --otlp-endpoint`: every execution's spans go to a collector the harness starts (`Spans` steps read it). */
  otlp?: boolean;
  /** `serve --s3-events-queue`: this queue of the harness's moto is read at each Advance (the case needs --aws). */
  s3EventsQueue?: string;
  /** `serve --routes FILE`: the file's `routes` list (HTTP start routes), checked as serve checks it. */
  routes?: unknown[];
  /** An endpoint on 127.0.0.1 that answers every request with this status, headers and body. */
  httpEndpoint?: { status: number; headers?: Record<string, string>; body?: string; echoHeaders?: string[] };
  /** `serve --aws-endpoint`: an AWS endpoint on 127.0.0.1 answering as the case says (case-aws-endpoint.ts). */
  awsEndpoint?: AwsEndpointOptions;
}

export interface ConformanceCase {
  id: string;
  kind: CaseKind;
  category: string;
  api: string;
  source?: Record<string, unknown>;
  state_machine_type?: 'STANDARD' | 'EXPRESS';
  definition: unknown;
  definition_text?: string | null;
  input?: unknown;
  input_text?: string;
  execution_name?: string | null;
  other_api_calls?: string[] | null;
  request?: Record<string, unknown>;
  /** An `api_calls` case's steps (our own cases: a choice about the API rather than a run). */
  api_calls?: ApiCall[];
  expected: Expected;
  lambdas?: Record<string, LambdaSpec> | null;
  services: string[];
  /** What the recording test set up outside the case (an activity worker, a queue, a table, ...). */
  external_fixtures?: string[] | null;
  features: string[];
  normalisation: Normalisation;
  notes?: string[] | null;
  /** Server options the case needs (see CaseServerOptions); none when absent. */
  server?: CaseServerOptions;
  /** A case that must do much work (25,000 events) may take longer than the runner's default limit. */
  time_limit_seconds?: number;
  /** Where the case was loaded from (not part of the format). */
  file?: string;
}

const kinds: readonly string[] = [
  'execution',
  'execution_output',
  'sync_execution',
  'test_state',
  'invalid_definition',
  'validate_definition',
  'api_calls',
];

function asCase(raw: unknown, file: string): ConformanceCase {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${file}: not a JSON object`);
  const c = raw as Partial<ConformanceCase>;
  if (typeof c.id !== 'string' || typeof c.kind !== 'string' || !kinds.includes(c.kind)) {
    throw new Error(`${file}: missing id or unknown kind`);
  }
  return {
    ...c,
    category: c.category ?? 'a',
    api: c.api ?? '',
    expected: c.expected ?? {},
    services: c.services ?? [],
    features: c.features ?? [],
    normalisation: {
      replacements: c.normalisation?.replacements ?? [],
      structural: c.normalisation?.structural ?? [],
    },
    file,
  } as ConformanceCase;
}

/** Loads every `*.json` case of the given directories (sorted by id; a later duplicate id is an error). */
export function loadCases(dirs: readonly string[]): ConformanceCase[] {
  const byId = new Map<string, ConformanceCase>();
  for (const dir of dirs) {
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.json') || name === 'index.json') continue;
      const file = join(dir, name);
      const c = asCase(JSON.parse(readFileSync(file, 'utf8')), file);
      const previous = byId.get(c.id);
      if (previous) throw new Error(`duplicate case id ${c.id}: ${previous.file ?? ''} and ${file}`);
      byId.set(c.id, c);
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
