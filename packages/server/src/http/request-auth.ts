// Who is calling, and may they: every AWS-protocol request passes here before its service sees it. SigV4 names
// the key; a read-only key is refused mutating operations; an ARN of another account is refused; each key has a
// request rate. Without keys (no --auth) every request is let through as the server's own account.

import { ApiError } from '../service/errors.ts';
import { foreignArn } from '../service/foreign-arns.ts';
import { userIdentityOf, type UserIdentity } from './caller-identity.ts';
import { KeyRates } from './key-rates.ts';
import { verifySigV4, type SignedRequest } from './sigv4-verify.ts';

/** One entry of the keys file (`serve --auth FILE`). */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** 12 digits: the account the key's requests act in. */
  account: string;
  readOnly: boolean;
  /** Temporary credentials: requests must carry this X-Amz-Security-Token. */
  sessionToken?: string;
}

export interface Caller {
  /** Undefined when the server runs without --auth. */
  accessKeyId?: string;
  account: string;
  readOnly: boolean;
  /** Its audit identity, made with the caller (`callerOfKey`); built per record when absent. */
  identity?: UserIdentity;
}

/** A key's caller, made once per key (or session) and handed to every request it signs. */
export function callerOfKey(key: AccessKey): Caller {
  const caller = { accessKeyId: key.accessKeyId, account: key.account, readOnly: key.readOnly };
  return Object.freeze({ ...caller, identity: userIdentityOf(caller) });
}

export interface RequestAuthOptions {
  keys: readonly AccessKey[];
  region: string;
  /** The account of an unauthenticated server, and the only one the APIs other than Step Functions serve. */
  account: string;
  /** Requests per second a key may make (a burst of as many is allowed); none when absent. */
  ratePerSecond?: number;
  now?: () => number;
}

export interface RequestAuth {
  /** True when requests must be signed. */
  readonly enabled: boolean;
  /** Checks the signature; the caller it names, or an ApiError in AWS's words. */
  authenticate(request: SignedRequest): Caller;
  /** Checks that the caller may run `operation` (a name like StartExecution) with this parsed body. */
  authorize(caller: Caller, service: string, operation: string, body: unknown): void;
}

/** The APIs that keep each account's resources apart. */
const perAccount = new Set(['states', 'logs', 'events', 'scheduler', 'pipes']);

/** The signing names of the APIs served on this port. */
const signingNames = new Set(['states', 'events', 'scheduler', 'pipes', 'logs', 'monitoring', 'execute-api']);

export function createRequestAuth(options: RequestAuthOptions): RequestAuth {
  const now = options.now ?? (() => Date.now());
  const byId = new Map(options.keys.map((key) => [key.accessKeyId, key]));
  // Made once: a request then allocates neither its caller nor the verifier's options.
  const callers = new Map(options.keys.map((key) => [key.accessKeyId, callerOfKey(key)]));
  const verify = { secretOf: (id: string) => byId.get(id), region: options.region, services: signingNames, now };
  const rates = options.ratePerSecond === undefined ? undefined : new KeyRates(options.ratePerSecond, now);
  const open: Caller = { account: options.account, readOnly: false };
  return {
    enabled: byId.size > 0,
    authenticate: (request) => {
      if (byId.size === 0) return open;
      const id = verifySigV4(request, verify);
      const caller = callers.get(id);
      if (caller === undefined) throw new Error('verified a request without its key');
      rates?.take(id);
      return caller;
    },
    authorize: (caller, service, operation, body) => {
      if (caller.accessKeyId === undefined) return;
      // Step Functions' calls are refused other accounts' ARNs by their account's service (service/accounts.ts),
      // the one place every call passes, Tasks' and the console's included; the other APIs' are refused here.
      const arn = service === 'states' ? undefined : foreignArn(body, caller.account);
      if (arn !== undefined) throw accessDenied(caller, service, operation, arn);
      // Step Functions, CloudWatch Logs and the trigger APIs keep each account's resources apart; the others
      // serve the server's account.
      if (!perAccount.has(service) && caller.account !== options.account) {
        throw accessDenied(caller, service, operation, '*', `${service} serves account ${options.account} only`);
      }
      if (caller.readOnly && !isReadOperation(operation)) throw accessDenied(caller, service, operation, '*');
    },
  };
}

/**
 * Refuses `caller` a resource of another account, for a call made in the resource's account rather than the
 * caller's (an HTTP start route runs in its machine's account, whose service cannot tell who called).
 */
export function refuseForeignResource(caller: Caller, service: string, operation: string, arn: string): void {
  if (caller.accessKeyId === undefined) return;
  if (foreignArn(arn, caller.account, 'resourceArn') !== undefined) {
    throw accessDenied(caller, service, operation, arn);
  }
}

/**
 * Describe*, List*, Get* (but GetActivityTask, which takes a task), Filter* (FilterLogEvents), Validate*,
 * TestEventPattern: they change nothing.
 */
export function isReadOperation(operation: string): boolean {
  if (operation === 'GetActivityTask') return false;
  return /^(Describe|List|Get|Filter|Validate)[A-Z]/.test(operation) || operation === 'TestEventPattern';
}

function accessDenied(
  caller: Caller,
  service: string,
  operation: string,
  resource: string,
  reason = resource === '*' ? 'the key is read-only' : 'the resource belongs to another account',
): ApiError {
  const user = caller.identity?.arn ?? `arn:aws:iam::${caller.account}:user/${caller.accessKeyId ?? ''}`;
  return new ApiError(
    'AccessDeniedException',
    `User: ${user} is not authorized to perform: ${service}:${operation} on resource: ${resource} because ${reason}`,
  );
}
