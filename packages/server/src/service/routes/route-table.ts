// The routes a server answers: those of the `--routes` file and those stored through the console, kept in
// memory (matching is synchronous, on every request) and read again from the store after each change here
// and every few seconds, for changes made on other nodes.

import type { Logger } from 'pino';
import type { TriggerStore } from '../../store/trigger-store.ts';
import type { HttpRoute } from './route-definition.ts';

export interface MatchedRoute {
  route: HttpRoute;
  parameters: Record<string, string>;
}

interface CompiledRoute {
  route: HttpRoute;
  /** A literal, or null for a parameter (its name in `names`). */
  segments: (string | null)[];
  names: string[];
  literals: number;
}

function compile(route: HttpRoute): CompiledRoute {
  const names: string[] = [];
  const segments = route.path
    .slice(1)
    .split('/')
    .map((segment) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name === undefined) return segment;
      names.push(name);
      return null;
    });
  return { route, segments, names, literals: segments.filter((s) => s !== null).length };
}

function matchPath(compiled: CompiledRoute, parts: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== compiled.segments.length) return undefined;
  const parameters: Record<string, string> = {};
  let next = 0;
  for (const [i, segment] of compiled.segments.entries()) {
    const part = parts[i] ?? '';
    if (segment === null) {
      if (part === '') return undefined;
      parameters[compiled.names[next++] ?? ''] = part;
    } else if (segment !== part) return undefined;
  }
  return parameters;
}

export class RouteTable {
  private compiled: CompiledRoute[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly fileRoutes: readonly HttpRoute[],
    private readonly triggers: TriggerStore,
    private readonly log: Logger,
  ) {
    this.use([]);
  }

  private use(stored: readonly HttpRoute[]): void {
    // The most literal segments first: `/orders/new` is chosen over `/orders/{id}`, as API Gateway does.
    this.compiled = [...this.fileRoutes, ...stored].map(compile).sort((a, b) => b.literals - a.literals);
  }

  /** The routes, file ones first. */
  routes(): HttpRoute[] {
    return this.compiled.map((c) => c.route).sort((a, b) => (a.origin === b.origin ? 0 : a.origin === 'file' ? -1 : 1));
  }

  /** Reads the stored routes again now. */
  async refresh(): Promise<void> {
    // Stored routes were checked by checkRoute before they were stored.
    this.use((await this.triggers.listRoutes()) as HttpRoute[]);
  }

  /** Keeps reading the stored routes every `millis`. */
  start(millis = 2000): void {
    const tick = (): void => {
      this.refresh()
        .catch((error: unknown) => {
          this.log.error({ err: error }, 'reading the HTTP routes failed');
        })
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(tick, millis);
          this.timer.unref();
        });
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The methods a path has routes for. */
  methods(pathname: string): string[] {
    const parts = pathname.slice(1).split('/');
    return this.compiled.filter((c) => matchPath(c, parts) !== undefined).map((c) => c.route.method);
  }

  /** The route for a path and method; 'other-method' when the path has routes, but none for the method. */
  match(method: string, pathname: string): MatchedRoute | 'other-method' | undefined {
    let parts: string[];
    try {
      parts = pathname.slice(1).split('/').map(decodeURIComponent);
    } catch {
      return undefined;
    }
    let found: 'other-method' | undefined;
    for (const compiled of this.compiled) {
      const parameters = matchPath(compiled, parts);
      if (parameters === undefined) continue;
      if (compiled.route.method === method) return { route: compiled.route, parameters };
      found = 'other-method';
    }
    return found;
  }
}
