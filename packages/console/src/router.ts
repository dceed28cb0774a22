// History-API routing: every view is a real URL (the server answers index.html for them), and the view's
// options (tab, filters, selected state, iteration) live in the query string, so a link shows the same thing.

import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** Path segments, decoded: `/executions/arn:...` → ['executions', 'arn:...']. */
  segments: string[];
  query: URLSearchParams;
}

const changed = 'stepwise:navigate';

function current(): Route {
  const segments = location.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  return { segments, query: new URLSearchParams(location.search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => {
      setRoute(current());
    };
    addEventListener('popstate', update);
    addEventListener(changed, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(changed, update);
    };
  }, []);
  return route;
}

export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  dispatchEvent(new Event(changed));
  if (options.replace !== true) scrollTo(0, 0);
}

/** Changes query parameters of the current URL (undefined or '' removes one). */
export function setQuery(updates: Record<string, string | undefined>, options: { push?: boolean } = {}): void {
  const query = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(updates)) {
    if (value === undefined || value === '') query.delete(key);
    else query.set(key, value);
  }
  const search = query.toString();
  navigate(`${location.pathname}${search === '' ? '' : `?${search}`}`, { replace: options.push !== true });
}

/**
 * ARNs contain no '?' or '#', so they sit in a path segment as they are (readable and shareable); only the '/' of
 * a map run's ARN and its children's (`…:mapRun:MACHINE/LABEL:ID`) is escaped, and `current` decodes it.
 */
function segment(arn: string): string {
  return arn.replaceAll('/', '%2F');
}

export const paths = {
  machines: () => '/',
  machine: (arn: string) => `/state-machines/${arn}`,
  editor: (arn: string) => `/state-machines/${arn}/edit`,
  execution: (arn: string) => `/executions/${segment(arn)}`,
  mapRun: (arn: string) => `/map-runs/${segment(arn)}`,
  triggers: () => '/triggers',
  /** Not `/audit`: the server answers that path itself, with the trail as JSON lines. */
  audit: () => '/audit-trail',
  /** Not `/metrics`: the server answers that path itself, with the Prometheus text. */
  monitoring: () => '/monitoring',
};
