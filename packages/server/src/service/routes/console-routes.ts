// The console's operations on routes: list them all (file and stored), add one (checked as a file's route is,
// unique by method and path shape), and remove one it added (a file's routes change with the file).

import type { TriggerStore } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';
import { checkRoute, type HttpRoute } from './route-definition.ts';
import { routeKey } from './route-file.ts';
import type { RouteTable } from './route-table.ts';

/** `account`: the console session's (another account's routes it neither sees nor changes); any without --auth. */
export interface ConsoleRoutes {
  list(account?: string): HttpRoute[];
  add(raw: unknown, account?: string): Promise<HttpRoute>;
  remove(method: string, path: string, account?: string): Promise<void>;
}

function accountOfRoute(route: HttpRoute): string | undefined {
  return route.stateMachineArn.split(':')[4];
}

export function consoleRoutes(
  table: RouteTable,
  triggers: TriggerStore,
  scope: { region: string; account: string },
): ConsoleRoutes {
  return {
    list: (account) => table.routes().filter((route) => account === undefined || accountOfRoute(route) === account),
    add: async (raw, account) => {
      const checked = checkRoute(raw, [], { ...scope, account: account ?? scope.account, origin: 'console' });
      if (Array.isArray(checked)) {
        const message = checked.map((p) => `${p.at.join('.') || 'route'} ${p.message}`).join('; ');
        throw new ApiError('ValidationException', message);
      }
      if (account !== undefined && accountOfRoute(checked) !== account) {
        throw new ApiError('AccessDeniedException', `${checked.stateMachineArn} belongs to another account.`, 403);
      }
      const key = routeKey(checked);
      const taken = table.routes().some((route) => routeKey(route) === key);
      if (taken || !(await triggers.putRoute(key, { ...checked, origin: 'console' }))) {
        throw new ApiError('ConflictException', `A route ${key} exists already.`);
      }
      await table.refresh();
      return checked;
    },
    remove: async (method, path, account) => {
      const key = routeKey({ method: method.toUpperCase() as HttpRoute['method'], path });
      const route = table.routes().find((r) => routeKey(r) === key);
      if (route !== undefined && account !== undefined && accountOfRoute(route) !== account) {
        throw new ApiError('ResourceNotFoundException', `No route ${key}.`);
      }
      if (route?.origin === 'file') {
        throw new ApiError('ValidationException', `${key} is defined in the --routes file; change it there.`);
      }
      if (!(await triggers.deleteRoute(key))) throw new ApiError('ResourceNotFoundException', `No route ${key}.`);
      await table.refresh();
    },
  };
}
