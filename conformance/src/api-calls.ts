// The `api_calls` case kind: a choice about the API (an error and its message, what a second call answers) is
// stated as Step Functions calls in order, each with the members of its answer that must be as given.

/** The APIs a step may call: Step Functions (the default), EventBridge, Scheduler, Pipes and CloudWatch Logs. */
export type ApiService = 'states' | 'events' | 'scheduler' | 'pipes' | 'logs';
export const apiServices: readonly ApiService[] = ['states', 'events', 'scheduler', 'pipes', 'logs'];

/** How a call is signed: the harness's key when absent. */
export type CallSigner = 'none' | { accessKeyId: string; secretAccessKey: string; region?: string };

/** One step of an `api_calls` case. */
export interface ApiCall {
  /** The API `call` belongs to; `states` when absent. */
  service?: ApiService;
  /** Who signs the call (a case with `server.auth`): a key and region, or `none` for an unsigned request. */
  signer?: CallSigner;
  /**
   * A Step Functions operation (`CreateStateMachine`, `StartExecution`, ...), or `Advance`: perform what is
   * due, moving the target's virtual clock, until nothing is due within `request.seconds` (default two years);
   * with `request.exact`, the clock then stands at those seconds later, as if that much time had passed.
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
   * for a member that must be missing, `<epoch-millis>` for a date given as epoch milliseconds, `<uuid>` for
   * an id made per call (a Lambda request id).
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
  for (const call of calls) {
    if (call.call === 'Advance') {
      const seconds = call.request?.seconds;
      await driver.advance(typeof seconds === 'number' ? seconds : twoYears, call.request?.exact === true);
      answers.push({ response: {} });
      continue;
    }
    if (call.call === 'Load') {
      answers.push(await loadStep(call, driver));
      continue;
    }
    const service = call.service ?? 'states';
    if (!apiServices.includes(service)) throw new Error(`unknown service ${service as string} in step ${call.call}`);
    const answer = await driver.call(call.call, requestOf(call, saved), service, call.signer);
    answers.push(answer);
    for (const [name, path] of Object.entries(call.save ?? {})) {
      if ('response' in answer) saved[name] = memberAt(answer.response, path);
    }
  }
  return { kind: 'api_calls', answers, saved };
}

/** `Load`: `request.template` (one of the case's `server.templates`) loaded again, first replaced by `request.from`. */
async function loadStep(call: ApiCall, driver: ApiDriver): Promise<ApiAnswer> {
  const { template, from } = call.request ?? {};
  if (typeof template !== 'string' || (from !== undefined && typeof from !== 'string'))
    throw new Error('a Load step needs request.template (and optionally request.from) as file names');
  if (driver.load === undefined) throw new Error('a Load step needs server.templates');
  return { response: { lines: await driver.load(template, from) } };
}

/** An answer as JSON has it: Dates (the SDK's and the service's) become ISO text, undefined members go. */
export function plainAnswer(response: unknown): unknown {
  return JSON.parse(JSON.stringify(response ?? {})) as unknown;
}
