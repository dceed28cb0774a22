// Accounts: one Step Functions service per account, all over the one store and runtime. Every ARN a service
// builds carries its account and its lists are filtered by that account's ARN prefix, so a caller sees and
// reaches only its own account's resources; with isolation on, another account's ARN is refused outright.

import type { CallContext, StepFunctionsApi } from './api.ts';
import type { ServiceDeps } from './context.ts';
import { ApiError } from './errors.ts';
import { foreignArn } from './foreign-arns.ts';
import { createStepFunctionsService, type ServiceOptions } from './service.ts';

/** One account's service. */
export interface AccountService {
  deps: ServiceDeps;
  api: StepFunctionsApi;
  /** Throws AccessDenied when `body` names another account's ARN (isolated servers only). */
  refuseForeign(operation: string, body: unknown, principal?: string): void;
}

export interface AccountServices {
  /** Dispatches each call to the service of `ctx.account`, the default account's when absent. */
  readonly api: StepFunctionsApi;
  /** One account's service (made once); the default account's when absent. */
  of(account: string | undefined): AccountService;
}

export interface AccountServicesOptions {
  /** The account of calls that name none (a server without --auth, the in-process loader). */
  defaultAccount: string;
  /** One account's service options; called once per account. */
  optionsFor(account: string): ServiceOptions;
  /**
   * Refuse ARNs of other accounts (AccessDenied) in every call, those Tasks make included (with --auth).
   * Without it a foreign ARN is read as the caller's own account's, as a single-account server always has.
   */
  isolate: boolean;
}

export function accountServices(options: AccountServicesOptions): AccountServices {
  const made = new Map<string, AccountService>();
  const of = (account: string | undefined): AccountService => {
    const key = account ?? options.defaultAccount;
    let service = made.get(key);
    if (service === undefined) {
      service = accountService(options.optionsFor(key), key, options.isolate);
      made.set(key, service);
    }
    return service;
  };
  return {
    api: { call: (operation, body, ctx: CallContext) => of(ctx.account).api.call(operation, body, ctx) },
    of,
  };
}

function accountService(options: ServiceOptions, account: string, isolate: boolean): AccountService {
  const api = createStepFunctionsService(options);
  // The one check of Step Functions' calls for other accounts' ARNs: every door reaches the API through here
  // (the HTTP edge, the console and its stream, Tasks' nested starts), and the edge leaves it to this.
  const refuseForeign = (operation: string, body: unknown, principal?: string): void => {
    if (!isolate) return;
    const arn = foreignArn(body, account);
    if (arn === undefined) return;
    throw new ApiError(
      'AccessDeniedException',
      `User: ${principal ?? `arn:aws:iam::${account}:root`} is not authorized to perform: states:${operation} on resource: ${arn} because the resource belongs to another account`,
    );
  };
  return {
    deps: options,
    api: {
      call: async (operation, body, ctx) => {
        refuseForeign(operation, body, ctx.principal);
        return api.call(operation, body, ctx);
      },
    },
    refuseForeign,
  };
}

const single = new WeakMap<ServiceDeps, AccountService>();

/** The service of a one-account setup (tests, conformance) over `deps`, made once per deps. */
export function singleAccount(deps: ServiceDeps): AccountService {
  let service = single.get(deps);
  if (service === undefined) {
    service = accountService(deps, deps.arns.scope.accountId, false);
    single.set(deps, service);
  }
  return service;
}
