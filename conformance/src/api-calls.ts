// The `api_calls` case kind: a choice about the API (an error and its message, what a second call answers) is
// stated as Step Functions calls in order, each with the members of its answer that must be as given. A step may
// also move the virtual clock (`Advance`), send a plain HTTP request to the server (`HTTP`, plain-http.ts) or call
// the harness's AWS-compatible server (`service: sqs`, to read what Stepwise sent there).

import { plainHttpRequest, type PlainHttpRequest } from './plain-http.ts';

/**
 * The APIs a step may call: Step Functions (the default), EventBridge, Scheduler, Pipes and CloudWatch Logs of
 * the case's server, and SQS of the harness's AWS-compatible server (moto: a case with such steps needs `--aws`).
 */
export type ApiService = 'states' | 'events' | 'scheduler' | 'pipes' | 'logs' | 'sqs';
export const apiServices: readonly ApiService[] = ['states', 'events', 'scheduler', 'pipes', 'logs', 'sqs'];

/** How a call is signed: the harness's key when absent. */
export type CallSigner = 'none' | { accessKeyId: string; secretAccessKey: string; region?: string };

/** One step of an `api_calls` case. */
export interface ApiCall {
  /** The API `call` belongs to; `states` when absent. */
  service?: ApiService;
  /**
   * Who signs the call (a case with `server.auth`): a key and region, or `none` for an unsigned request. An
   * `HTTP` step is unsigned unless it gives a key (it is then signed for `execute-api`).
   */
  signer?: CallSigner;
  /**
   * A Step Functions operation (`CreateStateMachine`, `StartExecution`, ...), or `Advance`: perform what is
   * due, moving the target's virtual clock, until nothing is due within `request.seconds` (default two years);
   * with `request.exact`, the clock then stands at those seconds later, as if that much time had passed.
   * EventBridge deliveries (events matched by rules) are performed on the same clock, their retries when due.
   * Or `HTTP`: a plain request to the case's server, `request` being `{method, path, headers, body}` and the
   * answer `{status, headers, body}` (headers by lower-case name, a JSON body parsed). Or `Spans`: the spans
   * the case's collector received (`server.otlp`), as `{spans: [...]}` (otlp-spans.ts says how they read).
   * Or `Load`: the case's `request.template` loaded again as `serve --load` reloads a changed file, its text
   * first replaced by the file `request.from`; the answer is `{lines}`, what the load reported.
   */
  call: string;
  /** The request; `${name}` in a string stands for a value saved by an earlier step. */
  request?: Record<string, unknown>;
  /** Values of the answer kept for later steps: name → member path (`executionArn`, `events.3.type`). */
  save?: Record<string, string>;
  /**
   * The members of the answer that must be as given (JSON text compared with its parsed value): `<absent>`
   * for a member that must be missing, `<epoch-millis>` for a date given as epoch milliseconds, `<epoch-seconds>`
   * for one given as epoch seconds (the AWS JSON protocol's dates, in an HTTP step's body), `<uuid>` for an
   * id made per call (a Lambda request id).
   */
  expect?: unknown;
  /** The API error expected instead of an answer: its code and, when given, its message and HTTP status. */
  expect_error?: { code: string; message?: string; status?: number };
}

/** What one call answered: its response (dates as ISO text, as JSON has them), or its API error. */
export type ApiAnswer = { response: unknown } | { error: { code: string; message: string; status?: number } };

/** What a target lends the case: the API (in process or through the AWS SDK) and its virtual clock. */
export interface ApiDriver {
  call(
    operation: string,
    request: Record<string, unknown>,
    service: ApiService,
    signer?: CallSigner,
  ): Promise<ApiAnswer>;
  advance(seconds: number, exact: boolean): Promise<void>;
  /** Sends a plain HTTP request to the case's server (its HTTP start routes, the S3 webhook). */
  http(request: PlainHttpRequest, signer?: CallSigner): Promise<ApiAnswer>;
  /** The spans the case's collector received, normalised (otlp-spans.ts). */
  spans(): Promise<unknown[]>;
  /** A `Load` step (case-local-code.ts): the case's template loaded again; absent when the case has none. */
  load?(template: string, from: string | undefined): Promise<string[]>;
}

export interface ApiCallsResult {
  kind: 'api_calls';
  answers: ApiAnswer[];
  saved: Record<string, unknown>;
}

const twoYears = 2 * 365 * 24 * 3600;

/** Members the API takes as JSON text: a case may write them as JSON values, sent as their text. */
const jsonTextMembers = new Set(['definition', 'input', 'output', 'context', 'variables', 'EventPattern', 'Event']);

/** Replaces `${name}` by the saved value: the whole string by the value itself, a part by its text. */
export function substitute(value: unknown, saved: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([\w.-]+)\}$/.exec(value);
    if (whole) return savedValue(saved, whole[1] ?? '');
    return value.replace(/\$\{([\w.-]+)\}/g, (_, name: string) => String(savedValue(saved, name)));
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, saved));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, saved)]));
  }
  return value;
}

function savedValue(saved: Record<string, unknown>, name: string): unknown {
  if (!Object.hasOwn(saved, name)) throw new Error(`\${${name}} was not saved by an earlier step`);
  return saved[name];
}

/** The member at a dotted path (`events.3.type`), undefined when a step of it is missing. */
export function memberAt(value: unknown, path: string): unknown {
  let at = value;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function requestOf(call: ApiCall, saved: Record<string, unknown>): Record<string, unknown> {
  const request = substitute(call.request ?? {}, saved) as Record<string, unknown>;
  for (const [key, value] of Object.entries(request)) {
    if (jsonTextMembers.has(key) && typeof value !== 'string') request[key] = JSON.stringify(value);
  }
  return request;
}

/** Runs the case's calls in order; a step's `save` reads its answer (an error saves nothing); `given`: harness values (`endpoint`). */
export async function runApiCalls(
  calls: readonly ApiCall[],
  driver: ApiDriver,
  given: Record<string, unknown> = {},
): Promise<ApiCallsResult> {
  const answers: ApiAnswer[] = [];
  const saved: Record<string, unknown> = { ...given };
  for (const [step, call] of calls.entries()) {
    if (call.call === 'Advance') {
      const seconds = call.request?.seconds;
      await driver.advance(typeof seconds === 'number' ? seconds : twoYears, call.request?.exact === true);
      answers.push({ response: {} });
      continue;
    }
    const answer = await answerOf(call, step, driver, saved);
    answers.push(answer);
    for (const [name, path] of Object.entries(call.save ?? {})) {
      if ('response' in answer) saved[name] = memberAt(answer.response, path);
    }
  }
  return { kind: 'api_calls', answers, saved };
}

async function answerOf(
  call: ApiCall,
  step: number,
  driver: ApiDriver,
  saved: Record<string, unknown>,
): Promise<ApiAnswer> {
  if (call.call === 'Spans') return { response: { spans: await driver.spans() } };
  if (call.call === 'Load') return loadStep(call, driver);
  if (call.call === 'HTTP') {
    const request = plainHttpRequest(substitute(call.request ?? {}, saved) as Record<string, unknown>, step);
    return driver.http(request, call.signer);
  }
  const service = call.service ?? 'states';
  if (!apiServices.includes(service)) throw new Error(`unknown service ${service as string} in step ${call.call}`);
  return driver.call(call.call, requestOf(call, saved), service, call.signer);
}

/** `Load`: `request.template` (one of the case's `server.templates`) loaded again, first replaced by `request.from`. */
async function loadStep(call: ApiCall, driver: ApiDriver): Promise<ApiAnswer> {
  const { template, from } = call.request ?? {};
  if (typeof template !== 'string' || (from !== undefined && typeof from !== 'string'))
    throw new Error('a Load step needs request.template (and optionally request.from) as file names');
  if (driver.load === undefined) throw new Error('a Load step needs server.templates');
  return { response: { lines: await driver.load(template, from) } };
}

/** Whether a case's steps call the harness's AWS-compatible server (it is skipped when the run has none). */
export function callsAwsServices(calls: readonly ApiCall[]): boolean {
  return calls.some((call) => call.service === 'sqs');
}

/** An answer as JSON has it: Dates (the SDK's and the service's) become ISO text, undefined members go. */
export function plainAnswer(response: unknown): unknown {
  return JSON.parse(JSON.stringify(response ?? {})) as unknown;
}
