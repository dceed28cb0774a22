// Local stand-ins for the category b Lambda functions, behaving as the corpus README's handler table says.
import type { LambdaSpec } from './case.ts';
import { pythonJsonDumps, pythonRepr } from './python-text.ts';

export type LambdaHandler = (event: unknown) => Promise<unknown>;

/** The Python traceback lines AWS put in `stackTrace`, by handler file. */
const stackTraces: Record<string, string[]> = {
  'raise_exception.py': [
    '  File "/var/task/handler.py", line 2, in handler\n    raise Exception("Some exception was raised.")\n',
  ],
  'raise_custom_exception.py': ['  File "/var/task/handler.py", line 9, in handler\n    raise CustomException()\n'],
};

/** What a raising function reports; the target turns it into AWS's cause with {@link lambdaErrorCause}. */
export class LambdaFunctionError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
    readonly stackTrace: readonly string[],
  ) {
    super(`${errorType}: ${errorMessage}`);
    this.name = 'LambdaFunctionError';
  }
}

/**
 * AWS's cause text for a function error: `{"errorMessage","errorType","requestId","stackTrace"}`. The Lambda
 * resource (`arn:aws:lambda:...`) records it Python-spaced (`", "`), `arn:aws:states:::lambda:invoke` compactly.
 */
export function lambdaErrorCause(e: LambdaFunctionError, requestId: string, style: 'spaced' | 'compact'): string {
  const body = { errorMessage: e.errorMessage, errorType: e.errorType, requestId, stackTrace: [...e.stackTrace] };
  return style === 'spaced' ? pythonJsonDumps(body) : JSON.stringify(body);
}

export interface LocalLambda {
  name: string;
  arn: string;
  behaviour: string;
  handler: LambdaHandler;
  /** Simulated run time: a target with a fake clock advances it by this much before the result is available. */
  durationSeconds: number;
  /** For `large-output`: the payload size in bytes (over the 256 KiB limit). */
  sizeBytes?: number;
  /** For `raise`: the error every invocation rejects with. */
  error?: LambdaFunctionError;
}

function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

function handlerFor(spec: LambdaSpec, error: LambdaFunctionError | undefined): LambdaHandler {
  switch (spec.behaviour) {
    case 'identity':
    case 'sleep-then-identity':
      return (event) => Promise.resolve(event);
    case 'constant':
      return () => Promise.resolve(structuredClone(spec.returns));
    case 'raise':
      return () => Promise.reject(error ?? new LambdaFunctionError('Exception', '', []));
    case 'large-output':
      return () => Promise.resolve('a'.repeat(spec.size_bytes ?? 257 * 1024));
    case 'decorate':
      return (event) => Promise.resolve(`input-event-${pythonRepr(event)}`);
    default:
      throw new Error(`unknown Lambda behaviour ${spec.behaviour} (${spec.handler_file})`);
  }
}

function localLambda(name: string, spec: LambdaSpec): LocalLambda {
  const error =
    spec.behaviour === 'raise'
      ? new LambdaFunctionError(
          spec.errorType ?? 'Exception',
          spec.errorMessage ?? '',
          stackTraces[fileName(spec.handler_file)] ?? [],
        )
      : undefined;
  return {
    name,
    arn: spec.arn,
    behaviour: spec.behaviour,
    handler: handlerFor(spec, error),
    durationSeconds: spec.behaviour === 'sleep-then-identity' ? (spec.sleep_seconds ?? 60) : 0,
    ...(spec.behaviour === 'large-output' ? { sizeBytes: spec.size_bytes ?? 257 * 1024 } : {}),
    ...(error ? { error } : {}),
  };
}

/** The case's functions keyed by name. */
export function localLambdas(
  lambdas: Readonly<Record<string, LambdaSpec>> | null | undefined,
): Map<string, LocalLambda> {
  const out = new Map<string, LocalLambda>();
  for (const [name, spec] of Object.entries(lambdas ?? {})) out.set(name, localLambda(name, spec));
  return out;
}

/**
 * Resolves a FunctionName as Lambda accepts it: a name, `name:qualifier`, a partial ARN
 * (`111111111111:function:name`) or a full ARN, optionally qualified (`:$LATEST`, an alias or a version).
 */
export function findLambda(functions: ReadonlyMap<string, LocalLambda>, ref: string): LocalLambda | undefined {
  const m = /^(?:arn:[^:]+:lambda:[^:]*:)?(?:\d{12}:)?(?:function:)?([^:]+)(?::[^:]+)?$/.exec(ref);
  return m?.[1] === undefined ? undefined : functions.get(m[1]);
}
