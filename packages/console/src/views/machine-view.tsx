// One state machine (or one of its versions): the graph, the definition source, its executions (live,
// filtered), versions and aliases; start an execution or open the editor from here.

import { useMemo, useState } from 'preact/hooks';
import { call, listAll } from '../api/client.ts';
import type { AliasDescription, StateMachineDescription } from '../api/types.ts';
import { CodeEditor } from '../components/code-editor.tsx';
import { arnName, formatDate, ms } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { Breadcrumbs, Card, CopyButton, ErrorBox, Spinner, Tabs } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { buildGraph } from '../graph/model.ts';
import { GraphView } from '../graph/graph-view.tsx';
import { useLayout } from '../graph/use-layout.ts';
import { navigate, paths, setQuery } from '../router.ts';
import { ExecutionsPanel } from './executions-panel.tsx';
import { ExpressExecutions } from './express-executions.tsx';
import { LogsPanel } from './logs-panel.tsx';
import { MetricsPanel } from './metrics-panel.tsx';
import { logGroupOf } from '../api/logs.ts';
import { StartDialog } from './start-dialog.tsx';

/** What the ARNs of a machine's executions start with (`…:execution:NAME:`, or `…:express:NAME:`). */
function executionArnPrefix(machineArn: string, type: string): string {
  return `${machineArn.replace(':stateMachine:', type === 'EXPRESS' ? ':express:' : ':execution:')}:`;
}

/** The unqualified machine ARN of a machine, version (`…:orders:3`) or alias (`…:orders:prod`) ARN. */
export function baseMachineArn(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}

export function MachineView(props: { arn: string; query: URLSearchParams }) {
  const { arn, query } = props;
  const machine = useData(() => call('DescribeStateMachine', { stateMachineArn: arn }), [arn]);
  const [starting, setStarting] = useState(false);
  const tab = query.get('tab') ?? 'executions';
  const isVersion = arn !== baseMachineArn(arn);
  const baseArn = baseMachineArn(arn);

  if (machine.error !== undefined && machine.data === undefined) {
    return (
      <div class="view">
        <Breadcrumbs items={[{ label: 'State machines', href: paths.machines() }, { label: arnName(arn) }]} />
        <ErrorBox error={machine.error} title="Could not load the state machine" />
      </div>
    );
  }
  const m = machine.data;
  if (m === undefined) return <Spinner />;
  return (
    <div class="view">
      <Breadcrumbs
        items={[
          { label: 'State machines', href: paths.machines() },
          { label: m.name, ...(isVersion ? { href: paths.machine(baseArn) } : {}) },
          ...(isVersion ? [{ label: `Version ${arnName(arn)}` }] : []),
        ]}
      />
      <div class="view-header">
        <div>
          <h1>
            {m.name}
            {isVersion && <span class="title-suffix">version {arnName(arn)}</span>}
            <span class={`type-pill type-${m.type.toLowerCase()}`}>
              {m.type === 'STANDARD' ? 'Standard' : 'Express'}
            </span>
          </h1>
          <dl class="meta">
            <div>
              <dt>ARN</dt>
              <dd class="mono">
                {arn} <CopyButton text={arn} />
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDate(ms(m.creationDate))}</dd>
            </div>
            {m.updateDate !== undefined && (
              <div>
                <dt>Updated</dt>
                <dd>{formatDate(ms(m.updateDate))}</dd>
              </div>
            )}
            {m.description !== undefined && m.description !== '' && (
              <div>
                <dt>Description</dt>
                <dd>{m.description}</dd>
              </div>
            )}
          </dl>
        </div>
        <div class="header-actions">
          {!isVersion && (
            <button
              type="button"
              class="button"
              onClick={() => {
                navigate(paths.editor(arn));
              }}
            >
              Edit definition
            </button>
          )}
          {m.type === 'STANDARD' && (
            <button
              type="button"
              class="button button-primary"
              onClick={() => {
                setStarting(true);
              }}
            >
              Start execution
            </button>
          )}
        </div>
      </div>
      <DefinitionCards machine={m} />
      <Tabs
        tabs={[
          { id: 'executions', label: 'Executions' },
          { id: 'logs', label: 'Logs' },
          { id: 'metrics', label: 'Metrics' },
          ...(isVersion
            ? []
            : [
                { id: 'versions', label: 'Versions' },
                { id: 'aliases', label: 'Aliases' },
              ]),
        ]}
        active={tab}
        onSelect={(id) => {
          setQuery({ tab: id === 'executions' ? undefined : id });
        }}
      />
      {tab === 'executions' &&
        (m.type === 'STANDARD' ? (
          <ExecutionsPanel machineArn={arn} query={query} />
        ) : (
          <ExpressExecutions machine={m} />
        ))}
      {tab === 'logs' && (
        <LogsPanel
          group={logGroupOf(m.loggingConfiguration)}
          scope={{ executionArnPrefix: executionArnPrefix(baseArn, m.type) }}
        />
      )}
      {tab === 'metrics' && <MetricsPanel machineArn={arn} query={query} />}
      {tab === 'versions' && <Versions arn={arn} />}
      {tab === 'aliases' && <Aliases arn={arn} />}
      {starting && (
        <StartDialog
          targets={[{ arn, label: isVersion ? `Version ${arnName(arn)}` : '$LATEST' }]}
          onClose={() => {
            setStarting(false);
          }}
        />
      )}
    </div>
  );
}

function DefinitionCards(props: { machine: StateMachineDescription }) {
  const model = useMemo(() => {
    try {
      return buildGraph(JSON.parse(props.machine.definition));
    } catch {
      return undefined;
    }
  }, [props.machine.definition]);
  const { layout } = useLayout(model);
  return (
    <div class="split">
      <Card title="Graph" class="card-graph" actions={<span class="muted">{model?.stateCount ?? 0} states</span>}>
        <GraphView layout={layout} note={layout === undefined ? 'Laying out…' : undefined} />
      </Card>
      <Card title="Definition" class="card-source" actions={<CopyButton text={props.machine.definition} />}>
        <div class="source" data-testid="definition-source">
          <CodeEditor value={prettyDefinition(props.machine.definition)} readOnly label="Definition" />
        </div>
      </Card>
    </div>
  );
}

function prettyDefinition(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Versions(props: { arn: string }) {
  const versions = useData(async () => {
    const list = await listAll(
      'ListStateMachineVersions',
      { stateMachineArn: props.arn },
      (p) => p.stateMachineVersions,
    );
    return Promise.all(
      list.map((v) => call('DescribeStateMachineVersion', { stateMachineArn: v.stateMachineVersionArn })),
    );
  }, [props.arn]);
  if (versions.error !== undefined) return <ErrorBox error={versions.error} />;
  if (versions.data === undefined) return <Spinner />;
  if (versions.data.length === 0) {
    return (
      <div class="empty-state">
        <p>No versions published. Save a revision with “Publish a version” in the editor to make one.</p>
      </div>
    );
  }
  return (
    <div class="table-card">
      <table class="table" data-testid="versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Description</th>
            <th>Revision</th>
            <th>Published</th>
          </tr>
        </thead>
        <tbody>
          {versions.data.map((v) => (
            <tr key={v.stateMachineArn}>
              <td>
                <Link href={paths.machine(v.stateMachineArn)} class="strong-link">
                  Version {arnName(v.stateMachineArn)}
                </Link>
              </td>
              <td>{v.description ?? <span class="muted">—</span>}</td>
              <td class="mono muted">{v.revisionId?.slice(0, 8) ?? '—'}</td>
              <td class="muted">{formatDate(ms(v.creationDate))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Aliases(props: { arn: string }) {
  const aliases = useData(async (): Promise<AliasDescription[]> => {
    const list = await listAll('ListStateMachineAliases', { stateMachineArn: props.arn }, (p) => p.stateMachineAliases);
    return Promise.all(
      list.map((a) => call('DescribeStateMachineAlias', { stateMachineAliasArn: a.stateMachineAliasArn })),
    );
  }, [props.arn]);
  if (aliases.error !== undefined) return <ErrorBox error={aliases.error} />;
  if (aliases.data === undefined) return <Spinner />;
  if (aliases.data.length === 0) {
    return (
      <div class="empty-state">
        <p>No aliases. CreateStateMachineAlias routes a name to one or two versions.</p>
      </div>
    );
  }
  return (
    <div class="table-card">
      <table class="table" data-testid="aliases">
        <thead>
          <tr>
            <th>Alias</th>
            <th>Routing</th>
            <th>Description</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {aliases.data.map((a) => (
            <tr key={a.stateMachineAliasArn}>
              <td class="strong">{a.name}</td>
              <td>
                {a.routingConfiguration.map((r) => (
                  <div key={r.stateMachineVersionArn}>
                    <span class="weight">{r.weight}%</span>
                    <Link href={paths.machine(r.stateMachineVersionArn)}>
                      version {arnName(r.stateMachineVersionArn)}
                    </Link>
                  </div>
                ))}
              </td>
              <td>{a.description ?? <span class="muted">—</span>}</td>
              <td class="muted">{formatDate(ms(a.creationDate))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
