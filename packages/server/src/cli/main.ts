// The `stepwise` command line: the one place that reads argv, writes stdio and chooses the exit code.

import { UsageError } from './args.ts';
import { isFileError, processIo, type Io } from './io.ts';
import { loadUsage } from './load-usage.ts';

const usage = `Usage:
  stepwise run DEFINITION.json [--input JSON | --input-file FILE] [--functions DIR] [--function-timeout S]
               [--mocks FILE --test-case NAME [--name MACHINE]] [--history] [--json]
               [--aws-endpoint URL | SERVICE=URL,...] [--aws-region R] [--connections FILE]
      Runs a state machine in memory (Waits and retry back-offs take no time) and prints its output.
      Lambda tasks call DIR/NAME.ts|.js|.mjs exporting handler(event, context), DIR/NAME.py defining it
      (python3 on PATH), or an executable DIR/NAME (event on stdin, result on stdout), each in its own
      process (DIR defaults to ./functions).
      --mocks answers tasks from a Step Functions Local mock file's test case.
      Exit code: 0 SUCCEEDED, 1 FAILED / TIMED_OUT / ABORTED, 2 invalid definition.
  stepwise validate DEFINITION.json
      Prints file:line:col code message for each problem; exit code 0 when valid, 2 when not.
  stepwise serve [--port 8083] [--host 127.0.0.1] [--data DIR] [--log-level info] [--region R] [--account ID]
                 [--functions DIR] [--mocks FILE] [--aws-endpoint URL | SERVICE=URL,...] [--aws-region R]
                 [--connections FILE] [--load PATH ...] [--python INTERPRETER] [--synchronous NORMAL|FULL]
                 [--database postgres://USER@HOST:PORT/DB] [--lease-seconds 60] [--time-scale N]
                 [--auth KEYS.json] [--tls-cert PEM --tls-key PEM] [--http-allow HOST,...]
                 [--allowed-hosts NAME,...] [--rate-limit N] [--max-connections N] [--retention-days 90]
                 [--otlp-endpoint URL] [--execution-log-file PATH | --execution-log-stdout]
                 [--max-history-events 25000] [--cache-mib 64]
                 [--routes FILE] [--s3-events-queue QUEUE_URL] [--s3-webhook-secret SECRET]
      Serves the AWS Step Functions API (AWS JSON 1.0) on http://HOST:PORT, keeping its data in DIR/stepwise.db
      (DIR defaults to ./.stepwise). SIGTERM or SIGINT stops it gracefully.
      --database (or STEPWISE_DATABASE_URL): keep the data in PostgreSQL instead, shared by any number of
      nodes; --lease-seconds: how soon other nodes take over the work of a node that died.
      --mocks: StartExecution on STATE_MACHINE_ARN#TestCaseName answers tasks from that test case.
      --aws-endpoint / --aws-region: AWS service tasks (aws-sdk:*, sqs, sns, dynamodb, events) and Lambda
      functions not in DIR go to that AWS-compatible server / real AWS, with the AWS_* credentials.
      --connections: EventBridge-style connections (name -> AuthorizationType, AuthParameters) for HTTP Tasks.
      --load: a CDK cloud assembly or CloudFormation/SAM template (repeatable), loaded at start and on change:
      its state machines, activities and triggers are created or updated (what an earlier load of PATH made and
      it no longer has is deleted, after a restart too), its Lambda functions run from their local code
      (nodejs* in Node, python3.* in --python, default python3 on PATH).
      --auth: access keys (mode 600 JSON array of {accessKeyId, secretAccessKey, account, readOnly}); every
      request must then be SigV4-signed and the console asks for a sign-in. Without it, only loopback --host.
      --tls-cert/--tls-key: HTTPS. --http-allow: hosts HTTP Tasks may reach on loopback/private addresses.
      --synchronous FULL: every commit is synced to disk, so a power loss cannot lose acknowledged work
      (NORMAL, the default, survives a process crash but may lose the last commits on power loss).
      --time-scale N (or WAIT_TIME_SCALE): Waits and Retry back-offs take N times their time (0: none, for
      tests); task timeouts keep theirs. The console's header shows it.
      --max-history-events: the quota on an execution's history (default 25,000, as on AWS, which fails an
      execution reaching it); raise it to run a larger inline Map than AWS would.
      --cache-mib N: memory for the states of running executions kept between steps, in MiB (default 64, 0
      for none); more spares the store re-reading them when many executions are in flight. /metrics shows
      stepwise_execution_cache_bytes against it.
      --retention-days: finished executions and their history are deleted this long after they closed
      (default 90, as on AWS), in the background.
      --otlp-endpoint: trace every execution (OpenTelemetry spans, OTLP over HTTP to URL/v1/traces); without
      it, machines with TracingConfiguration enabled are traced to OTEL_EXPORTER_OTLP_ENDPOINT.
      --execution-log-file / --execution-log-stdout: a JSON-lines copy of every execution log record, for a
      log collector.
      The EventBridge, Scheduler and Pipes APIs are served on the same port (aws events|scheduler|pipes).
      --routes: HTTP start routes (YAML or JSON: method, path, stateMachine, input, sync, authorization).
      --s3-events-queue: an SQS queue receiving a bucket's notifications, read through --aws-endpoint (or
      --aws-region); each becomes AWS's aws.s3 Object Created/Deleted event on the default bus.
      --s3-webhook-secret (or STEPWISE_S3_WEBHOOK_SECRET): the shared secret of POST /s3-notifications,
      where S3-compatible stores (MinIO, Ceph RGW) send their notifications.
  ${loadUsage}
  stepwise test-state DEFINITION.json [--state NAME] [--input JSON | --input-file FILE] [--variables JSON]
                 [--inspection-level INFO|DEBUG|TRACE] [--mock-result JSON | --mock-error E --mock-cause C]
                 [--context JSON] [--role-arn ARN]
      Runs one state (a lone state, or NAME of a machine) as AWS's TestState does and prints its response.
      Exit code: 0 SUCCEEDED / CAUGHT_ERROR / RETRIABLE, 1 FAILED, 2 request refused.
  stepwise backup FILE [--data DIR]
      Copies DIR/stepwise.db into FILE (a new file) with SQLite's online backup, safe while a server runs on
      DIR. To restore: stop the server, remove DIR/stepwise.db-wal and -shm, put FILE in place of DIR/stepwise.db.`;

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  const help = commandUsage(command, rest);
  if (help !== undefined) {
    io.out(help);
    return 0;
  }
  try {
    // Each command's module is imported when it runs, so that `validate` does not load the server and
    // the AWS SDK clients: start-up time is most of what a short command costs.
    switch (command) {
      case 'run':
        return await (await import('./run-command.ts')).runCommand(rest, io);
      case 'validate':
        return (await import('./validate-command.ts')).validateCommand(rest, io);
      case 'load':
        return await (await import('./load-command.ts')).loadCommand(rest, io);
      case 'test-state':
        return await (await import('./test-state-command.ts')).testStateCommand(rest, io);
      case 'backup':
        return await (await import('./backup-command.ts')).backupCommand(rest, io);
      case 'serve':
        return await serve(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`stepwise: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (isFileError(error)) {
      io.err(`stepwise: cannot read ${error.path}: ${error.code}`);
      return 2;
    }
    throw error;
  }
}

async function serve(rest: readonly string[], io: Io): Promise<number> {
  const { serveCommand } = await import('./serve-command.ts');
  return await serveCommand(rest, io, { stopSignal: stopSignal(), env: process.env });
}

/** Resolves with the first SIGTERM or SIGINT, so that `serve` can shut down in order. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** `stepwise COMMAND --help` (or -h): that command's part of the usage. */
function commandUsage(command: string | undefined, rest: readonly string[]): string | undefined {
  if (command === undefined || !(rest.includes('--help') || rest.includes('-h'))) return undefined;
  const lines = usage.split('\n');
  const start = lines.findIndex(
    (line) => line.startsWith(`  stepwise ${command} `) || line === `  stepwise ${command}`,
  );
  if (start < 0) return undefined;
  const end = lines.findIndex((line, index) => index > start && line.startsWith('  stepwise '));
  return `Usage:\n${lines.slice(start, end < 0 ? undefined : end).join('\n')}`;
}
