// `serve`'s options: the command line (and the environment variables that stand for some flags) parsed and
// checked into the settings the server is built from (http/stepwise-server.ts), each error naming its flag.

import { resolve } from 'node:path';
import { ServerMocks } from '../runtime/mocks/mocked-tasks.ts';
import { loadMockConfig, MockConfigError } from '../runtime/mocks/index.ts';
import type { IntegrationOptions } from '../runtime/tasks/integrations.ts';
import type { StoreLocation } from '../store/store-location.ts';
import type { Synchronous } from '../store/sqlite/sqlite-store.ts';
import { parseArgs, stringOption, UsageError } from './args.ts';
import { cacheOption } from './cache-option.ts';
import {
  executionLogCopyFrom,
  executionLogFlags,
  executionLogOptionNames,
  type ExecutionLogCopy,
} from './execution-log-options.ts';
import { integrationOptionNames, integrationOptionsFrom } from './integration-options.ts';
import { takeLoadOptions, type LoadOptions } from './load-options.ts';
import { databaseUrl } from './open-store.ts';
import { retentionDaysFrom, retentionOptionNames } from './retention-options.ts';
import { securityOptionNames, securityOptionsFrom, type SecurityOptions } from './security-options.ts';
import { timeScaleOption } from './time-scale-option.ts';
import { tracingOptionNames, tracingOptionsFrom, type TracingServeOptions } from './tracing-options.ts';
import { triggerOptionNames, triggerOptionsFrom, type TriggerServeOptions } from './trigger-options.ts';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  /** SQLite in dataDir (the default), or PostgreSQL (--database, STEPWISE_DATABASE_URL). */
  store: StoreLocation;
  logLevel: string;
  region: string;
  accountId: string;
  /** Local Lambda functions: DIR/NAME.ts|.js|.mjs or executables (default ./functions). */
  functionsDir: string;
  /** AWS services and HTTP Task connections. */
  integrations: IntegrationOptions;
  /** A Step Functions Local mock file; StartExecution on `ARN#TestCaseName` uses its test case. */
  mocks?: ServerMocks;
  /** How long claimed work stays this node's: after a crash, other nodes take it over this much later. */
  leaseMillis: number;
  /** Access keys (--auth) and request limits. */
  security: SecurityOptions;
  /** `--load PATH` (repeatable): infrastructure code whose state machines and functions are served. */
  load: LoadOptions;
  /** The S3 notification webhook and queue (triggers). */
  triggers: TriggerServeOptions;
  /** `--time-scale`: multiplies the time Waits and Retry back-offs take (absent: 1). */
  waitTimeScale?: number;
  /** `--max-history-events`: the quota on an execution's history (absent: AWS's 25,000). */
  maxHistoryEvents?: number;
  /** `--cache-mib`: the execution cache's byte budget, per runtime (absent: 64 MiB). */
  cacheBytes?: number;
  /** Finished executions are deleted this many days after they closed (--retention-days; AWS: 90). */
  retentionDays: number;
  /** Where spans go and which executions are traced (`--otlp-endpoint`). */
  tracing: TracingServeOptions;
  /** The JSON-lines copy of execution logs (`--execution-log-file`, `--execution-log-stdout`). */
  executionLogCopy: ExecutionLogCopy;
}

const valuedOptions = [
  'port',
  'host',
  'data',
  'database',
  'lease-seconds',
  'log-level',
  'region',
  'account',
  'functions',
  'mocks',
  'synchronous',
  'time-scale',
  'max-history-events',
  'cache-mib',
];

export function parseServeOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ServeOptions {
  const { load, rest } = takeLoadOptions(argv);
  const args = parseArgs(rest, executionLogFlags, [
    ...valuedOptions,
    ...integrationOptionNames,
    ...securityOptionNames,
    ...triggerOptionNames,
    ...retentionOptionNames,
    ...tracingOptionNames,
    ...executionLogOptionNames,
  ]);
  if (args.positional.length > 0) throw new UsageError(`serve takes no arguments: ${args.positional.join(' ')}`);
  const port = Number(stringOption(args, 'port') ?? '8083');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const logLevel = stringOption(args, 'log-level') ?? 'info';
  if (!levels.includes(logLevel)) throw new UsageError(`--log-level must be one of ${levels.join(', ')}`);
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  const { security, account } = securityOptionsFrom(args, host, stringOption(args, 'account'));
  const accountId = account ?? '123456789012';
  if (!/^\d{12}$/.test(accountId)) throw new UsageError('--account must be 12 digits');
  const region = stringOption(args, 'region') ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UsageError(`--region ${region} is not a region name`);
  const dataDir = resolve(stringOption(args, 'data') ?? '.stepwise');
  const leaseSeconds = Number(stringOption(args, 'lease-seconds') ?? '60');
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 3 || leaseSeconds > 3600) {
    throw new UsageError('--lease-seconds must be a whole number of seconds from 3 to 3600');
  }
  const url = databaseUrl(stringOption(args, 'database'), env);
  const integrations = integrationOptionsFrom(args, env, region);
  return {
    host,
    port,
    dataDir,
    leaseMillis: leaseSeconds * 1000,
    store:
      url === undefined
        ? { kind: 'sqlite', dataDir, synchronous: synchronousOption(stringOption(args, 'synchronous')) }
        : { kind: 'postgres', url },
    logLevel,
    region,
    accountId,
    functionsDir: resolve(stringOption(args, 'functions') ?? 'functions'),
    integrations: { ...integrations, egress: { allow: security.httpAllow } },
    ...serverMocks(stringOption(args, 'mocks')),
    security,
    load,
    triggers: triggerOptionsFrom(args, env, integrations.aws !== undefined, { region, account: accountId }),
    retentionDays: retentionDaysFrom(stringOption(args, 'retention-days')),
    tracing: tracingOptionsFrom(args, env),
    executionLogCopy: executionLogCopyFrom(args),
    ...timeScaleOption(stringOption(args, 'time-scale')),
    ...maxHistoryEventsOption(stringOption(args, 'max-history-events')),
    ...cacheOption(stringOption(args, 'cache-mib')),
  };
}

/** AWS's quota is 25,000 events; a user may raise it (a benchmark's large inline Map) or lower it. */
function maxHistoryEventsOption(text: string | undefined): { maxHistoryEvents?: number } {
  if (text === undefined) return {};
  const events = Number(text);
  if (!Number.isInteger(events) || events < 10) {
    throw new UsageError(`--max-history-events must be a whole number of events from 10 up, not '${text}'`);
  }
  return { maxHistoryEvents: events };
}

function synchronousOption(value: string | undefined): Synchronous {
  if (value === undefined) return 'NORMAL';
  const upper = value.toUpperCase();
  if (upper !== 'NORMAL' && upper !== 'FULL') throw new UsageError('--synchronous must be NORMAL or FULL');
  return upper;
}

function serverMocks(file: string | undefined): { mocks?: ServerMocks } {
  if (file === undefined) return {};
  try {
    return { mocks: new ServerMocks(loadMockConfig(resolve(file))) };
  } catch (error) {
    if (error instanceof MockConfigError) throw new UsageError(`bad mock configuration\n${error.message}`);
    throw error;
  }
}
