// The server's settings the console shows (GET /console/api/server): the wait time scale of `serve --time-scale`.

export interface ServerInfo {
  waitTimeScale: number;
}

/** The server's settings, or the defaults when an older server does not answer them. */
export async function serverInfo(): Promise<ServerInfo> {
  const response = await fetch('/console/api/server');
  if (!response.ok) return { waitTimeScale: 1 };
  const body = (await response.json()) as Partial<ServerInfo>;
  return { waitTimeScale: typeof body.waitTimeScale === 'number' ? body.waitTimeScale : 1 };
}

/** The header's words for a scale other than 1: what a user of this server should expect of Waits. */
export function timeScaleLabel(scale: number): string | undefined {
  if (scale === 1) return undefined;
  if (scale === 0) return 'Time scale 0: Waits and retry back-offs end at once';
  return `Time scale ${String(scale)}: Waits and retry back-offs take ×${String(scale)} their time`;
}
