// The server's metrics page: the charts of every Standard state machine of the account together.

import { Breadcrumbs } from '../components/ui.tsx';
import { paths } from '../router.ts';
import { MetricsPanel } from './metrics-panel.tsx';

export function MonitoringView(props: { query: URLSearchParams }) {
  return (
    <div class="view">
      <Breadcrumbs items={[{ label: 'State machines', href: paths.machines() }, { label: 'Metrics' }]} />
      <div class="view-header">
        <h1>Metrics</h1>
      </div>
      <MetricsPanel query={props.query} />
    </div>
  );
}
