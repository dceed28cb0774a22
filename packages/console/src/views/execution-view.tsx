// One execution: the graph coloured by each state's status (live), the selected state's panel, the event
// table, the execution's input and output; stop, redrive or start again from here.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import type { ExecutionDescription } from '../api/types.ts';
import { arnName, machineArnOfExecution, mapRunLabel, parentMachineArn } from '../components/format.ts';
import { JsonView } from '../components/json-view.tsx';
import { ExecutionBadge, Legend } from '../components/status.tsx';
import { Breadcrumbs, Card, ErrorBox, LiveDot, Spinner, Tabs } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { GraphView } from '../graph/graph-view.tsx';
import { buildGraph, type GraphModel } from '../graph/model.ts';
import type { StateStatus } from '../graph/status.ts';
import { useLayout } from '../graph/use-layout.ts';
import { EventTable } from '../history/event-table.tsx';
import { stateSummaries, type StateSummary } from '../history/statuses.ts';
import { readTrace } from '../history/trace.ts';
import { paths, setQuery } from '../router.ts';
import { ArnFact, Redriven, RunTimes } from './run-facts.tsx';
import { StartDialog } from './start-dialog.tsx';
import { StatePanel } from './state-panel.tsx';
import { isExpressExecution, useExecution } from './use-execution.ts';
import { LogsPanel } from './logs-panel.tsx';
import { ExecutionMapRuns } from './execution-map-runs.tsx';
import { logGroupOf } from '../api/logs.ts';

const legend: StateStatus[] = ['not-reached', 'running', 'succeeded', 'retried', 'caught', 'failed', 'aborted'];

export function ExecutionView(props: { arn: string; query: URLSearchParams }) {
  const { arn, query } = props;
  const live = useExecution(arn);
  const machine = useData(
    () =>
      isExpressExecution(arn)
        ? call('DescribeStateMachine', { stateMachineArn: machineArnOfExecution(arn) })
        : call('DescribeStateMachineForExecution', { executionArn: arn }),
    [arn],
  );
  const model = useMemo<GraphModel | undefined>(() => {
    if (machine.data === undefined) return undefined;
    try {
      return buildGraph(JSON.parse(machine.data.definition));
    } catch {
      return undefined;
    }
  }, [machine.data]);
  const { layout } = useLayout(model);
  const status = live.execution?.status;
  const trace = useMemo(() => readTrace(live.events, status), [live.version, status]);
  const iteration = query.get('iteration') ?? undefined;
  const summaries = useMemo(() => stateSummaries(trace, iteration), [trace, iteration]);
  const selected = query.get('state') ?? undefined;
  const tab = query.get('tab') ?? 'events';
  const eventFilter = query.get('events') ?? 'all';

  const statuses = useMemo(() => new Map([...summaries].map(([name, s]) => [name, s.status])), [summaries]);
  const badges = useMemo(() => badgesOf(summaries), [summaries]);
  const mapRuns = useMemo(() => new Set(trace.visits.flatMap((v) => v.mapRunArn ?? [])).size, [trace]);
  const stateTypes = useMemo(() => typesOf(model), [model]);
  const shownEvents = useMemo(() => {
    if (eventFilter === 'state' && selected !== undefined) {
      const ids = new Set((summaries.get(selected)?.visits ?? []).flatMap((v) => v.events));
      return live.events.filter((e) => ids.has(e.id));
    }
    if (eventFilter === 'errors') return live.events.filter((e) => /(Failed|TimedOut|Aborted)$/.test(e.type));
    return live.events;
  }, [live.version, eventFilter, selected, summaries]);

  if (live.error !== undefined) {
    return (
      <div class="view">
        <Breadcrumbs items={[{ label: 'State machines', href: paths.machines() }, { label: arnName(arn) }]} />
        <ErrorBox error={live.error} title="Could not load the execution" />
      </div>
    );
  }
  const e = live.execution;
  if (e === undefined) return <Spinner label="Loading the execution…" />;
  // A Distributed Map's child runs under `MACHINE/LABEL`: its way back is the parent machine and the map run.
  const machineArn = parentMachineArn(machineArnOfExecution(arn));
  const mapRunArn = e.mapRunArn;
  return (
    <div class="view view-wide">
      <Breadcrumbs
        items={[
          { label: 'State machines', href: paths.machines() },
          { label: arnName(machineArn), href: paths.machine(machineArn) },
          ...(mapRunArn === undefined
            ? []
            : [{ label: `Map run ${mapRunLabel(mapRunArn)}`, href: paths.mapRun(mapRunArn) }]),
          { label: e.name },
        ]}
      />
      <ExecutionHeader execution={e} liveComplete={live.complete} />
      {iteration !== undefined && (
        <div class="banner" data-testid="iteration-banner">
          Showing iteration <strong>{iteration.replace(/^\//, '').replace(/\//g, ' › ')}</strong> on the graph and in
          the panel.
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setQuery({ iteration: undefined });
            }}
          >
            Show all iterations
          </button>
        </div>
      )}
      <div class="execution-main">
        <Card class="card-graph card-graph-tall" title="Graph" actions={<Legend statuses={legend} />}>
          <GraphView
            layout={layout}
            statuses={statuses}
            badges={badges}
            selected={selected}
            onSelect={(name) => {
              setQuery({ state: name === selected ? undefined : name });
            }}
            note={
              layout === undefined
                ? machine.error !== undefined
                  ? 'The definition could not be loaded'
                  : 'Laying out…'
                : undefined
            }
          />
        </Card>
        <aside class="side-panel">
          <StatePanel
            name={selected}
            summary={selected === undefined ? undefined : summaries.get(selected)}
            stateType={selected === undefined ? undefined : stateTypes.get(selected)}
            execution={e}
            iteration={iteration}
            onChooseIteration={(path) => {
              setQuery({ iteration: path });
            }}
            onShowEvents={() => {
              setQuery({ tab: 'events', events: 'state' });
            }}
            onClose={() => {
              setQuery({ state: undefined });
            }}
          />
        </aside>
      </div>
      <Tabs
        tabs={[
          { id: 'events', label: 'Events', count: live.events.length },
          { id: 'io', label: 'Input and output' },
          { id: 'logs', label: 'Logs' },
          ...(mapRuns > 0 ? [{ id: 'map-runs', label: 'Map runs', count: mapRuns }] : []),
        ]}
        active={tab}
        onSelect={(id) => {
          setQuery({ tab: id === 'events' ? undefined : id });
        }}
      />
      {tab === 'events' && (
        <Card
          class="card-events"
          title={
            <div class="segmented" role="group" aria-label="Which events">
              {[
                ['all', 'All events'],
                ['state', selected === undefined ? 'Selected state' : `State ${selected}`],
                ['errors', 'Errors'],
              ].map(([id, label]) => (
                <button
                  key={id}
                  type="button"
                  disabled={id === 'state' && selected === undefined}
                  class={eventFilter === id ? 'seg seg-active' : 'seg'}
                  onClick={() => {
                    setQuery({ events: id === 'all' ? undefined : id });
                  }}
                >
                  {label}
                </button>
              ))}
            </div>
          }
          actions={
            <span class="muted">
              {shownEvents.length.toLocaleString('en-US')} of {live.events.length.toLocaleString('en-US')} events
              {live.complete ? '' : ' · loading…'}
            </span>
          }
        >
          <EventTable
            events={shownEvents}
            trace={trace}
            onSelectState={(name) => {
              setQuery({ state: name });
            }}
          />
        </Card>
      )}
      {tab === 'logs' &&
        (machine.data === undefined ? (
          <Spinner />
        ) : (
          <LogsPanel
            group={logGroupOf(machine.data.loggingConfiguration)}
            scope={{ executionArnPrefix: arn, exact: true }}
          />
        ))}
      {tab === 'map-runs' && <ExecutionMapRuns executionArn={arn} />}
      {tab === 'io' && (
        <div class="split split-even">
          <Card title="Execution input">
            <JsonView text={e.input} />
          </Card>
          <Card title="Execution output">
            <JsonView text={e.output} empty={e.status === 'RUNNING' ? 'Still running' : 'No output'} />
          </Card>
        </div>
      )}
    </div>
  );
}

function ExecutionHeader(props: { execution: ExecutionDescription; liveComplete: boolean }) {
  const e = props.execution;
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [confirmStop, setConfirmStop] = useState(false);
  const [starting, setStarting] = useState(false);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (e.status !== 'RUNNING') return;
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [e.status]);
  const act = async (name: string, action: () => Promise<unknown>) => {
    setBusy(name);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
      setConfirmStop(false);
    }
  };
  const redrivable = e.status === 'FAILED' || e.status === 'ABORTED' || e.status === 'TIMED_OUT';
  const target = e.stateMachineAliasArn ?? e.stateMachineVersionArn ?? e.stateMachineArn;
  return (
    <>
      <div class="view-header">
        <div>
          <h1 class="execution-title">
            <span class="mono-title">{e.name}</span>
            <ExecutionBadge status={e.status} large />
          </h1>
          <dl class="meta">
            <RunTimes startDate={e.startDate} stopDate={e.stopDate} now={now} />
            <Redriven count={e.redriveCount} date={e.redriveDate} />
            <ArnFact arn={e.executionArn} />
          </dl>
        </div>
        <div class="header-actions">
          <LiveDot live={props.liveComplete} />
          <button
            type="button"
            class="button"
            onClick={() => {
              setStarting(true);
            }}
          >
            New execution
          </button>
          {e.status === 'RUNNING' && (
            <button
              type="button"
              class={confirmStop ? 'button button-danger' : 'button'}
              disabled={busy !== undefined}
              onClick={() => {
                if (!confirmStop) {
                  setConfirmStop(true);
                  setTimeout(() => {
                    setConfirmStop(false);
                  }, 4000);
                  return;
                }
                void act('stop', () => call('StopExecution', { executionArn: e.executionArn }));
              }}
            >
              {busy === 'stop' ? 'Stopping…' : confirmStop ? 'Confirm stop' : 'Stop'}
            </button>
          )}
          {redrivable && (
            <button
              type="button"
              class="button button-primary"
              disabled={busy !== undefined}
              onClick={() => void act('redrive', () => call('RedriveExecution', { executionArn: e.executionArn }))}
            >
              {busy === 'redrive' ? 'Redriving…' : 'Redrive'}
            </button>
          )}
        </div>
      </div>
      {error !== undefined && <ErrorBox error={error} title="The request failed" />}
      {(e.status === 'FAILED' || e.status === 'TIMED_OUT' || e.status === 'ABORTED') &&
        (e.error !== undefined || e.cause !== undefined) && (
          <div class="failure-banner" data-testid="execution-error">
            <strong>{e.error ?? e.status}</strong>
            {e.cause !== undefined && <span class="failure-cause">{e.cause}</span>}
          </div>
        )}
      {starting && (
        <StartDialog
          targets={[{ arn: target, label: arnName(target) }]}
          {...(e.input === undefined ? {} : { input: e.input })}
          onClose={() => {
            setStarting(false);
          }}
        />
      )}
    </>
  );
}

function typesOf(model: GraphModel | undefined): Map<string, string> {
  const types = new Map<string, string>();
  const visit = (node: GraphModel['root']) => {
    if (node.kind === 'state' && node.stateType !== undefined) types.set(node.name, node.stateType);
    for (const child of node.children) visit(child);
  };
  if (model !== undefined) visit(model.root);
  return types;
}

/** Counts on the graph: iterations done of a Map, and for states inside iterations how many ran well. */
function badgesOf(summaries: Map<string, StateSummary>): Map<string, string> {
  const badges = new Map<string, string>();
  for (const [name, summary] of summaries) {
    const latest = summary.visits[0];
    if (latest?.stateType === 'Map' && latest.mapRunArn !== undefined) {
      // A Distributed Map's iterations are child executions, counted on its map run's page, not in this history.
      badges.set(name, `${(latest.itemCount ?? 0).toLocaleString('en-US')} items`);
      continue;
    }
    if (latest?.stateType === 'Map') {
      let done = 0;
      for (const s of latest.iterations.values()) if (s.status !== 'running') done += 1;
      badges.set(
        name,
        `${done.toLocaleString('en-US')}/${(latest.itemCount ?? latest.iterations.size).toLocaleString('en-US')}`,
      );
      continue;
    }
    const counts = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    if (counts > 1) {
      const ok = (summary.counts.succeeded ?? 0) + (summary.counts.retried ?? 0) + (summary.counts.caught ?? 0);
      badges.set(name, `${ok.toLocaleString('en-US')}/${counts.toLocaleString('en-US')}`);
    }
  }
  return badges;
}
