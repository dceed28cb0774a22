// The console's frame: the top bar and the view the URL names.

import { Link } from './components/link.tsx';
import { TimeScaleBadge } from './components/time-scale-badge.tsx';
import { paths, useRoute } from './router.ts';
import { AuditView } from './views/audit-view.tsx';
import { EditorView } from './views/editor-view.tsx';
import { ExecutionView } from './views/execution-view.tsx';
import { MachineView } from './views/machine-view.tsx';
import { MachinesView } from './views/machines-view.tsx';
import { MapRunView } from './views/map-run-view.tsx';
import { MonitoringView } from './views/monitoring-view.tsx';
import { TriggersView } from './views/triggers-view.tsx';

export function App() {
  const route = useRoute();
  const [section, arn, sub] = route.segments;
  let view;
  if (section === undefined) view = <MachinesView query={route.query} />;
  else if (section === 'state-machines' && arn !== undefined && sub === 'edit') view = <EditorView arn={arn} />;
  else if (section === 'state-machines' && arn !== undefined) view = <MachineView arn={arn} query={route.query} />;
  else if (section === 'executions' && arn !== undefined) view = <ExecutionView arn={arn} query={route.query} />;
  else if (section === 'map-runs' && arn !== undefined) view = <MapRunView arn={arn} query={route.query} />;
  else if (section === 'triggers' && arn === undefined) view = <TriggersView />;
  else if (section === 'audit-trail' && arn === undefined) view = <AuditView />;
  else if (section === 'monitoring' && arn === undefined) view = <MonitoringView query={route.query} />;
  else view = <NotFound />;
  return (
    <div class="app">
      <header class="topbar">
        <Link href={paths.machines()} class="brand">
          <svg viewBox="0 0 32 32" width="22" height="22" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="#4338ca" />
            <path
              d="M8 22h6v-6h6v-6h4"
              fill="none"
              stroke="#fff"
              stroke-width="3"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
          Stepwise
        </Link>
        <nav>
          <Link href={paths.machines()} class={section === undefined || section === 'state-machines' ? 'active' : ''}>
            State machines
          </Link>
          <Link href={paths.triggers()} class={section === 'triggers' ? 'active' : ''}>
            Triggers
          </Link>
          <Link href={paths.monitoring()} class={section === 'monitoring' ? 'active' : ''}>
            Metrics
          </Link>
          <Link href={paths.audit()} class={section === 'audit-trail' ? 'active' : ''}>
            Audit trail
          </Link>
        </nav>
        <span class="topbar-note">AWS Step Functions API · {location.host}</span>
        <TimeScaleBadge />
      </header>
      <main class="page">{view}</main>
    </div>
  );
}

function NotFound() {
  return (
    <div class="empty-state">
      <h2>Nothing here</h2>
      <p>
        This address names no view. <Link href={paths.machines()}>Back to the state machines</Link>
      </p>
    </div>
  );
}
