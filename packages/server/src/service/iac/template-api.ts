// Stepwise's own operations for infrastructure-code loads, served beside the AWS APIs on the same port (AWS JSON
// 1.1, `X-Amz-Target: Stepwise.<Operation>`, signed as `states` under --auth): the records of which template
// made which resource, and HTTP start routes. `serve --load` calls them in process, `stepwise load` over HTTP;
// each caller sees and changes only its account's.

import type { CallContext } from '../api.ts';
import type { TargetApi } from '../cloudwatch-logs/logs-service.ts';
import { ApiError } from '../errors.ts';
import type { ConsoleRoutes } from '../routes/console-routes.ts';
import {
  templateResourceKinds,
  type TemplateRecords,
  type TemplateResource,
  type TemplateResourceKind,
} from '../../store/template-records.ts';

export const templateApiPrefix = 'Stepwise.';

export interface TemplateApiDeps {
  records: TemplateRecords;
  routes: ConsoleRoutes;
  /** The server's account: a caller without one acts in it. */
  account: string;
}

type Request = Record<string, unknown>;
type Operation = (request: Request, account: string, ctx: CallContext) => Promise<object>;

export function createTemplateApi(deps: TemplateApiDeps): TargetApi {
  const operations: Record<string, Operation> = {
    ListTemplateResources: async (_, account) => ({
      resources: (await deps.records.listTemplateResources(account)).map(withoutAccount),
    }),
    PutTemplateResources: async (request, account) => {
      await deps.records.putTemplateResources(resourcesOf(request, account));
      return {};
    },
    DeleteTemplateResources: async (request, account) => {
      await deps.records.deleteTemplateResources(resourcesOf(request, account));
      return {};
    },
    // A caller with a key acts in its account; without --auth, routes of every account are the server's.
    CreateRoute: async (request, _, ctx) => ({ route: await deps.routes.add(request.route, ctx.account) }),
    DeleteRoute: async (request, _, ctx) => {
      await deps.routes.remove(member(request, 'method'), member(request, 'path'), ctx.account);
      return {};
    },
  };
  return {
    targetPrefix: templateApiPrefix,
    signingName: 'states',
    contentType: 'application/x-amz-json-1.1',
    call: async (operation, body, ctx) => {
      const handler = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      if (handler === undefined) {
        throw new ApiError('UnknownOperationException', `${templateApiPrefix}${operation} is not an operation`);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ApiError('SerializationException', 'The request body must be a JSON object.');
      }
      return handler(body as Request, ctx.account ?? deps.account, ctx);
    },
  };
}

function withoutAccount(resource: TemplateResource): Omit<TemplateResource, 'account'> {
  const { template, logicalId, kind, key } = resource;
  return { template, logicalId, kind, key };
}

function member(request: Request, name: string, where = name): string {
  const value = request[name];
  if (typeof value !== 'string' || value === '') throw new ApiError('ValidationException', `${where} must be a string`);
  return value;
}

/** The request's `resources`, each checked, in the caller's account. */
function resourcesOf(request: Request, account: string): TemplateResource[] {
  const list = request.resources;
  if (!Array.isArray(list)) throw new ApiError('ValidationException', 'resources must be a list');
  return list.map((item: unknown, index) => {
    const where = `resources[${String(index)}]`;
    if (typeof item !== 'object' || item === null)
      throw new ApiError('ValidationException', `${where} must be an object`);
    const entry = item as Request;
    const kind = member(entry, 'kind', `${where}.kind`);
    if (!(templateResourceKinds as readonly string[]).includes(kind)) {
      const kinds = templateResourceKinds.join(', ');
      throw new ApiError('ValidationException', `${where}.kind must be one of ${kinds}, not ${kind}`);
    }
    return {
      account,
      template: member(entry, 'template', `${where}.template`),
      logicalId: member(entry, 'logicalId', `${where}.logicalId`),
      kind: kind as TemplateResourceKind,
      key: member(entry, 'key', `${where}.key`),
    };
  });
}
