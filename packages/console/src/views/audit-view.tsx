// The audit trail: the CloudTrail records of every call that changed something (GET /audit, JSON lines),
// newest first, with who made it, the outcome and the request id; the whole trail downloadable.

import { useMemo, useState } from 'preact/hooks';
import { Breadcrumbs, ErrorBox, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { paths } from '../router.ts';

interface AuditRecord {
  eventTime: string;
  eventSource: string;
  eventName: string;
  userIdentity?: { type?: string; accessKeyId?: string; accountId?: string };
  errorCode?: string;
  errorMessage?: string;
  requestID?: string;
  requestParameters?: Record<string, unknown>;
}

const shown = 500;

async function loadTrail(): Promise<AuditRecord[]> {
  const response = await fetch('/audit');
  if (!response.ok) throw new Error(`GET /audit answered ${response.status} ${response.statusText}`);
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditRecord)
    .reverse();
}

/** A record's subject: the ARN or name its request named, for the table. */
function subjectOf(record: AuditRecord): string {
  const parameters = record.requestParameters ?? {};
  for (const key of ['executionArn', 'stateMachineArn', 'name', 'logGroupName', 'activityArn']) {
    const value = parameters[key];
    if (typeof value === 'string') return value;
  }
  return '';
}

export function AuditView() {
  const trail = useData(loadTrail, []);
  const [needle, setNeedle] = useState('');
  const rows = useMemo(() => {
    const lower = needle.trim().toLowerCase();
    const all = trail.data ?? [];
    const matching = lower === '' ? all : all.filter((r) => JSON.stringify(r).toLowerCase().includes(lower));
    return matching.slice(0, shown);
  }, [trail.data, needle]);
  return (
    <div class="view">
      <Breadcrumbs items={[{ label: 'State machines', href: paths.machines() }, { label: 'Audit trail' }]} />
      <div class="view-header">
        <h1>Audit trail</h1>
        <div class="toolbar">
          <input
            type="search"
            class="input"
            placeholder="Search calls"
            aria-label="Search calls"
            value={needle}
            onInput={(event) => {
              setNeedle(event.currentTarget.value);
            }}
          />
          <button type="button" class="button" onClick={trail.reload}>
            Refresh
          </button>
          <a class="button" href="/audit" download="audit.jsonl">
            Download JSON lines
          </a>
        </div>
      </div>
      {trail.error !== undefined && <ErrorBox error={trail.error} title="Could not read the audit trail" />}
      {trail.data === undefined ? (
        <Spinner />
      ) : (
        <div class="table-card">
          <table class="table" data-testid="audit">
            <thead>
              <tr>
                <th>Time</th>
                <th>Call</th>
                <th>Subject</th>
                <th>Who</th>
                <th>Outcome</th>
                <th>Request id</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.requestID ?? r.eventTime} data-call={r.eventName}>
                  <td>{r.eventTime.replace('T', ' ').replace('Z', ' UTC')}</td>
                  <td>
                    {r.eventName}
                    <div class="sub">{r.eventSource}</div>
                  </td>
                  <td class="mono cell-clip">{subjectOf(r)}</td>
                  <td>{r.userIdentity?.accessKeyId ?? r.userIdentity?.accountId ?? ''}</td>
                  <td title={r.errorMessage}>{r.errorCode ?? 'OK'}</td>
                  <td class="mono">{r.requestID}</td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={6} class="empty-row">
                    No calls recorded
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
