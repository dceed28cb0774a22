// HTTP start routes, the API Gateway pattern: a method and a path (with `{name}` parameters) that start a state
// machine with the request body, or with an input mapped from body, path, query and headers (`key.$` fields);
// a sync route answers with an Express execution's output. Checked here, wherever a route comes from.

import { parseSimplePath } from '../events/simple-path.ts';

export const routeMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface HttpRoute {
  method: (typeof routeMethods)[number];
  path: string;
  stateMachineArn: string;
  /** StartSyncExecution (Express machines): the response carries the output. */
  sync: boolean;
  /** A mapping template; absent: the body is the input. */
  input?: unknown;
  /** AWS_IAM: a SigV4-signed request allowed states:StartExecution (only under `serve --auth`). */
  authorization: 'NONE' | 'AWS_IAM';
  /** Where it was defined: the `--routes` file or the console (stored). */
  origin: 'file' | 'console';
}

/** A problem in a route, at the member path it names (`['routes', 2, 'path']`). */
export interface RouteProblem {
  at: (string | number)[];
  message: string;
}

/** First path segments the server itself answers: a route there would hide it. */
const reserved = new Set([
  'console',
  'assets',
  'state-machines',
  'executions',
  'triggers',
  'schedules',
  'v1',
  's3-notifications',
  'metrics',
  'audit',
]);
const literal = /^[A-Za-z0-9._~-]+$/;
const parameter = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const sources = new Set(['body', 'path', 'query', 'headers']);
const stateMachineArn = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[^:]+(:[^:]+)?$/;
const stateMachineName = /^[A-Za-z0-9_-]{1,80}$/;

/** The names of a path's parameters, or a problem with the path. */
export function pathParameters(path: unknown): string[] | string {
  if (typeof path !== 'string' || !path.startsWith('/') || path === '/') {
    return 'must be a path such as /orders/{id} (not /)';
  }
  const segments = path.slice(1).split('/');
  if (reserved.has(segments[0] ?? '')) return `/${segments[0] ?? ''} is the server's own; choose another first segment`;
  const names: string[] = [];
  for (const segment of segments) {
    const name = parameter.exec(segment)?.[1];
    if (name !== undefined) {
      if (names.includes(name)) return `names the parameter {${name}} twice`;
      names.push(name);
    } else if (!literal.test(segment)) {
      return `segment "${segment}" must be letters, digits, . _ ~ - or a {parameter}`;
    }
  }
  return names;
}

/** The state machine ARN a route names (by name or ARN), or undefined when it names none. */
export function machineArnOf(value: unknown, region: string, account: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (stateMachineArn.test(value)) return value;
  return stateMachineName.test(value) ? `arn:aws:states:${region}:${account}:stateMachine:${value}` : undefined;
}

/** Every `key.$` field of a mapping: a path into body, path, query or headers (path parameters the route has). */
export function mappingProblems(template: unknown, parameters: readonly string[], at: (string | number)[]) {
  const problems: RouteProblem[] = [];
  const visit = (value: unknown, where: (string | number)[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, [...where, i]);
      });
    }
    if (!Array.isArray(value) && typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (!key.endsWith('.$')) visit(child, [...where, key]);
        else {
          const problem = fieldProblem(child, parameters);
          if (problem !== undefined) problems.push({ at: [...where, key], message: problem });
        }
      }
    }
  };
  visit(template, at);
  return problems;
}

function fieldProblem(value: unknown, parameters: readonly string[]): string | undefined {
  const steps = typeof value === 'string' ? parseSimplePath(value) : undefined;
  if (steps === undefined) return 'must be a path such as $.body.order, $.path.id, $.query.page or $.headers.x-user';
  const [source, name] = steps;
  if (source === undefined) return undefined;
  if (typeof source !== 'string' || !sources.has(source)) return 'must start with $.body, $.path, $.query or $.headers';
  if (source === 'path' && typeof name === 'string' && !parameters.includes(name)) {
    return `names {${name}}, which the route's path does not have`;
  }
  return undefined;
}

type RawRoute = Record<string, unknown>;

/** A route from its raw members, or the problems with it (`at` is where the route sits in its document). */
export function checkRoute(
  raw: unknown,
  at: (string | number)[],
  scope: { region: string; account: string; origin: HttpRoute['origin'] },
): HttpRoute | RouteProblem[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [{ at, message: 'must be an object' }];
  const route = raw as RawRoute;
  const problems: RouteProblem[] = [];
  const known = ['method', 'path', 'stateMachine', 'sync', 'input', 'authorization'];
  for (const key of Object.keys(route)) {
    if (!known.includes(key))
      problems.push({ at: [...at, key], message: `is not a route member (${known.join(', ')})` });
  }
  const method = typeof route.method === 'string' ? route.method.toUpperCase() : route.method;
  if (!routeMethods.includes(method as HttpRoute['method'])) {
    problems.push({ at: [...at, 'method'], message: `must be one of ${routeMethods.join(', ')}` });
  }
  const parameters = pathParameters(route.path);
  if (typeof parameters === 'string') problems.push({ at: [...at, 'path'], message: parameters });
  const arn = machineArnOf(route.stateMachine, scope.region, scope.account);
  if (arn === undefined) {
    problems.push({ at: [...at, 'stateMachine'], message: 'must be a state machine name or ARN' });
  }
  if (route.sync !== undefined && typeof route.sync !== 'boolean') {
    problems.push({ at: [...at, 'sync'], message: 'must be true or false' });
  }
  const authorization = route.authorization ?? 'AWS_IAM';
  if (authorization !== 'NONE' && authorization !== 'AWS_IAM') {
    problems.push({ at: [...at, 'authorization'], message: 'must be NONE or AWS_IAM' });
  }
  if (route.input !== undefined) {
    problems.push(...mappingProblems(route.input, typeof parameters === 'string' ? [] : parameters, [...at, 'input']));
  }
  if (problems.length > 0) return problems;
  return {
    method: method as HttpRoute['method'],
    path: route.path as string,
    stateMachineArn: arn ?? '',
    sync: route.sync === true,
    ...(route.input === undefined ? {} : { input: route.input }),
    authorization: authorization as HttpRoute['authorization'],
    origin: scope.origin,
  };
}
