// Dates, durations and names as the console prints them.

export function formatDate(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${String(Math.max(0, Math.round(ms)))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${String(Math.floor(s / 60))} min ${String(s % 60)} s`;
  const h = Math.floor(s / 3600);
  if (h < 48) return `${String(h)} h ${String(Math.floor((s % 3600) / 60))} min`;
  return `${String(Math.floor(h / 24))} d ${String(h % 24)} h`;
}

export function formatAgo(ms: number | undefined, now = Date.now()): string {
  if (ms === undefined) return '—';
  const s = Math.round((now - ms) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${String(s)} s ago`;
  if (s < 3600) return `${String(Math.floor(s / 60))} min ago`;
  if (s < 86400) return `${String(Math.floor(s / 3600))} h ago`;
  return `${String(Math.floor(s / 86400))} d ago`;
}

/** Epoch seconds (the wire) to milliseconds. */
export function ms(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

/** The last part of an ARN: the machine, execution, version or alias name. */
export function arnName(arn: string): string {
  return arn.split(':').slice(-1)[0] ?? arn;
}

/** The state machine ARN of an execution ARN (`…:execution:orders:run-1` → `…:stateMachine:orders`). */
export function machineArnOfExecution(executionArn: string): string {
  const parts = executionArn.split(':');
  return [...parts.slice(0, 5), 'stateMachine', parts[6] ?? ''].join(':');
}

/** `…:mapRun:MACHINE/LABEL:ID` → `LABEL` (the Map's Label, or its state name). */
export function mapRunLabel(arn: string): string {
  const name = arn.split(':')[6] ?? '';
  return name.slice(name.indexOf('/') + 1);
}

/** A Distributed Map child's machine (`…:stateMachine:MACHINE/LABEL`) → its parent's (`…:stateMachine:MACHINE`). */
export function parentMachineArn(machineArn: string): string {
  const slash = machineArn.indexOf('/');
  return slash < 0 ? machineArn : machineArn.slice(0, slash);
}
