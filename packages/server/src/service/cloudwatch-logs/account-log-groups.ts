// Log groups of several accounts in one LogStore (`serve --auth` with keys of several accounts): each
// account sees its own groups under their own names. The server's account keeps its groups under their names,
// as before accounts existed; another account's are kept as `<account>:<name>` (a log group name never holds
// a colon), so no account can name, list or write to another's group.

import type { CallContext } from '../api.ts';
import type { Page } from '../../store/records.ts';
import type { LogBatch, LogGroupRecord, LogStore } from '../../store/log-store.ts';
import { createLogsService, type LogsDeps, type TargetApi } from './logs-service.ts';

/** The store's name of an account's group. */
export function accountGroupKey(serverAccount: string): (account: string, name: string) => string {
  return (account, name) => (account === serverAccount ? name : `${account}:${name}`);
}

/** `logs` as `account` sees it: its groups only, under their own names. */
export function accountLogStore(logs: LogStore, account: string, serverAccount: string): LogStore {
  if (account === serverAccount) return serverAccountLogs(logs);
  const prefix = `${account}:`;
  const key = (name: string): string => `${prefix}${name}`;
  const unkeyed = (group: LogGroupRecord): LogGroupRecord => ({ ...group, name: group.name.slice(prefix.length) });
  return {
    ...keyedOperations(logs, key, prefix),
    getLogGroup: async (name) => {
      const group = await logs.getLogGroup(key(name));
      return group === undefined ? undefined : unkeyed(group);
    },
    listLogGroups: async (query) => {
      const page = await logs.listLogGroups({ ...query, prefix: key(query.prefix ?? '') });
      return { ...page, items: page.items.map(unkeyed) };
    },
  };
}

/** The server account's names are the store's, less every other account's (`<account>:…`) groups. */
function serverAccountLogs(logs: LogStore): LogStore {
  const own = (name: string): boolean => !name.includes(':');
  return {
    ...keyedOperations(logs, (name) => name, ''),
    getLogGroup: async (name) => (own(name) ? logs.getLogGroup(name) : undefined),
    // A page may hold fewer groups than asked for (others' were left out): its token still goes on from there.
    listLogGroups: async (query): Promise<Page<LogGroupRecord>> => {
      const page = await logs.listLogGroups(query);
      return { ...page, items: page.items.filter((group) => own(group.name)) };
    },
  };
}

function keyedOperations(
  logs: LogStore,
  key: (name: string) => string,
  prefix: string,
): Omit<LogStore, 'getLogGroup' | 'listLogGroups'> {
  const keyed = (batch: LogBatch): LogBatch => ({ ...batch, groupName: key(batch.groupName) });
  return {
    createLogGroup: (group) => logs.createLogGroup({ ...group, name: key(group.name) }),
    deleteLogGroup: (name) => logs.deleteLogGroup(key(name)),
    setRetention: (name, days) => logs.setRetention(key(name), days),
    createLogStream: (group, stream, time) => logs.createLogStream(key(group), stream, time),
    listLogStreams: (group, query) => logs.listLogStreams(key(group), query),
    putLogEvents: async (batches, time) =>
      (await logs.putLogEvents(batches.map(keyed), time)).map((name) => name.slice(prefix.length)),
    queryLogEvents: (group, query) => logs.queryLogEvents(key(group), query),
    enforceRetention: (now) => logs.enforceRetention(now),
  };
}

/** The CloudWatch Logs API, each call served as its caller's account (the server's when it names none). */
export function accountLogsService(deps: LogsDeps): TargetApi {
  const services = new Map<string, TargetApi>();
  const serviceOf = (account: string): TargetApi => {
    let service = services.get(account);
    if (service === undefined) {
      const logs = accountLogStore(deps.logs, account, deps.accountId);
      service = createLogsService({ ...deps, logs, accountId: account });
      services.set(account, service);
    }
    return service;
  };
  const server = serviceOf(deps.accountId);
  return {
    ...server,
    call: (operation: string, body: unknown, ctx: CallContext) =>
      serviceOf(ctx.account ?? deps.accountId).call(operation, body, ctx),
  };
}
