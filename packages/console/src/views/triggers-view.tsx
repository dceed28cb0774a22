// What starts executions from outside: rules, schedules, pipes, HTTP routes and the delivery log, read in one
// call and read again every few seconds (deliveries happen without a page action).

import { useEffect } from 'preact/hooks';
import { loadTriggers } from '../api/triggers.ts';
import { ErrorBox, LiveDot, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { RoutesCard } from './routes-card.tsx';
import { DeliveryLogCard, PipesCard, RulesCard, SchedulesCard } from './trigger-cards.tsx';

export function TriggersView() {
  const { data, error, loading, reload } = useData(loadTriggers, []);
  useEffect(() => {
    const timer = setInterval(reload, 3000);
    return () => {
      clearInterval(timer);
    };
  }, [reload]);
  return (
    <div class="view">
      <div class="view-header">
        <div>
          <h1>Triggers</h1>
          <p class="subtitle">
            What starts executions from outside: EventBridge rules, schedules, pipes and HTTP routes, and what each
            delivery did.
          </p>
        </div>
        <LiveDot live />
      </div>
      {error !== undefined && <ErrorBox error={error} title="Could not read the triggers" />}
      {loading && data === undefined ? (
        <Spinner />
      ) : (
        data !== undefined && (
          <div class="triggers">
            <RulesCard rules={data.rules} />
            <SchedulesCard schedules={data.schedules} />
            <PipesCard pipes={data.pipes} />
            <RoutesCard routes={data.routes} changed={reload} />
            <DeliveryLogCard deliveries={data.deliveries} />
          </div>
        )
      )}
    </div>
  );
}
