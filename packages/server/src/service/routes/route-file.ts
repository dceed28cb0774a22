// The `serve --routes FILE` document (YAML or JSON: `routes:` a list of routes), read with the line and column
// of each problem, all reported at once.

import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { checkRoute, type HttpRoute, type RouteProblem } from './route-definition.ts';

export class RouteFileError extends Error {
  override name = 'RouteFileError';
}

function located(file: string, problem: RouteProblem, where: (at: (string | number)[]) => string): string {
  const member = problem.at.map((step) => (typeof step === 'number' ? `[${String(step)}]` : `.${step}`)).join('');
  return `${file}:${where(problem.at)}: ${member.replace(/^\./, '')} ${problem.message}`;
}

/** The routes of a file's text; throws RouteFileError naming every problem with its line and column. */
export function parseRoutesFile(text: string, file: string, scope: { region: string; account: string }): HttpRoute[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${String(line)}:${String(col)}`;
  };
  if (doc.errors.length > 0) {
    const [first] = doc.errors;
    throw new RouteFileError(
      `${file}:${position(first?.pos[0] ?? 0)}: not valid YAML or JSON: ${first?.message ?? ''}`,
    );
  }
  const where = (at: (string | number)[]): string => {
    for (let depth = at.length; depth >= 0; depth--) {
      const node = doc.getIn(at.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range !== undefined) return position(node.range[0]);
    }
    return '1:1';
  };
  const root = doc.contents;
  const list = isMap(root) ? root.get('routes', true) : undefined;
  if (!isSeq(list)) throw new RouteFileError(`${file}:${where([])}: must have "routes", a list of routes`);
  const value = doc.toJS() as { routes: unknown[] };
  const routes: { index: number; route: HttpRoute }[] = [];
  const problems: RouteProblem[] = [];
  value.routes.forEach((raw, index) => {
    const checked = checkRoute(raw, ['routes', index], { ...scope, origin: 'file' });
    if (Array.isArray(checked)) problems.push(...checked);
    else routes.push({ index, route: checked });
  });
  problems.push(...duplicates(routes));
  if (problems.length > 0) {
    throw new RouteFileError(problems.map((problem) => located(file, problem, where)).join('\n'));
  }
  return routes.map((entry) => entry.route);
}

/** Two routes with one method and one path shape (`/a/{x}` and `/a/{y}` are one shape). */
function duplicates(routes: readonly { index: number; route: HttpRoute }[]): RouteProblem[] {
  const seen = new Map<string, number>();
  const problems: RouteProblem[] = [];
  for (const { index, route } of routes) {
    const key = routeKey(route);
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, index);
    else problems.push({ at: ['routes', index, 'path'], message: `repeats routes[${String(earlier)}] (${key})` });
  }
  return problems;
}

/** One key per method and path shape (`/a/{x}` and `/a/{y}` are one shape): two routes may not share it. */
export function routeKey(route: Pick<HttpRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path.replace(/\{[^}]+\}/g, '{}')}`;
}
