// Who is calling, and may they: every AWS-protocol request passes here before its service sees it. SigV4 names
// the key; a read-only key is refused mutating operations; an ARN of another account is refused; each key has a
// request rate. Without keys (no --auth) every request is let through as the server's own account.

import { ApiError } from '../service/errors.ts';
import { foreignArn } from '../service/foreign-arns.ts';
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
  const rates = options.ratePerSecond === undefined ? undefined : new KeyRates(options.ratePerSecond, now);
  const open: Caller = { account: options.account, readOnly: false };
  return {
    enabled: byId.size > 0,
    authenticate: (request) => {
      if (byId.size === 0) return open;
      let key: AccessKey | undefined;
      const secretOf = (keyId: string): AccessKey | undefined => (key = byId.get(keyId));
      const id = verifySigV4(request, { secretOf, region: options.region, services: signingNames, now });
      if (key === undefined) throw new Error('verified a request without its key');
      rates?.take(id);
      return { accessKeyId: id, account: key.account, readOnly: key.readOnly };
    },
    authorize: (caller, service, operation, body) => {
      if (caller.accessKeyId === undefined) return;
      const arn = foreignArn(body, caller.account);
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
  const user = `arn:aws:iam::${caller.account}:user/${caller.accessKeyId ?? ''}`;
  return new ApiError(
    'AccessDeniedException',
    `User: ${user} is not authorized to perform: ${service}:${operation} on resource: ${resource} because ${reason}`,
  );
}
