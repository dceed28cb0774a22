// The definition editor: live validation with core's decoder (the diagnostics the server gives, with line
// and column marked in the text), the graph redrawn as you type, and save as a new revision
// (UpdateStateMachine, optionally publishing a version).

import { decodeDefinition, type Diagnostic } from '@stepwise/core';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import type { StateMachineDescription } from '../api/types.ts';
import { CodeEditor, type TextDiagnostic } from '../components/code-editor.tsx';
import { arnName } from '../components/format.ts';
import { Breadcrumbs, Card, ErrorBox, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { GraphView } from '../graph/graph-view.tsx';
import { buildGraph, type GraphModel } from '../graph/model.ts';
import { useLayout } from '../graph/use-layout.ts';
import { navigate, paths } from '../router.ts';

export function EditorView(props: { arn: string }) {
  const machine = useData(() => call('DescribeStateMachine', { stateMachineArn: props.arn }), [props.arn]);
  if (machine.error !== undefined) {
    return (
      <div class="view">
        <ErrorBox error={machine.error} title="Could not load the state machine" />
      </div>
    );
  }
  if (machine.data === undefined) return <Spinner />;
  return <Editor machine={machine.data} onSaved={machine.reload} />;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setDebounced(value);
    }, delay);
    return () => {
      clearTimeout(timer);
    };
  }, [value]);
  return debounced;
}

function Editor(props: { machine: StateMachineDescription; onSaved: () => void }) {
  const { machine } = props;
  const original = useMemo(() => pretty(machine.definition), [machine.definition]);
  const [text, setText] = useState(original);
  const [publish, setPublish] = useState(false);
  const [description, setDescription] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [reveal, setReveal] = useState<{ line: number; column: number; seq: number }>();
  const checked = useDebounced(text, 120);
  const diagnostics = useMemo(
    () => decodeDefinition(checked, { type: machine.type }).diagnostics,
    [checked, machine.type],
  );
  const marks = useMemo<TextDiagnostic[]>(
    () =>
      diagnostics.map((d) => ({
        severity: d.severity === 'ERROR' ? 'error' : 'warning',
        message: `${d.code}: ${d.message}`,
        line: d.line,
        column: d.column,
      })),
    [diagnostics],
  );
  const drawn = useDebounced(text, 250);
  const [model, setModel] = useState<GraphModel>();
  const [stale, setStale] = useState(false);
  useEffect(() => {
    // Anything that parses as JSON is drawn, valid or not; text that does not parse keeps the last graph.
    try {
      setModel(buildGraph(JSON.parse(drawn)));
      setStale(false);
    } catch {
      setStale(true);
    }
  }, [drawn]);
  const { layout } = useLayout(model);
  const errors = diagnostics.filter((d) => d.severity === 'ERROR');
  const dirty = text !== original;

  const save = async () => {
    setSaving(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const result = await call('UpdateStateMachine', {
        stateMachineArn: machine.stateMachineArn,
        definition: text,
        ...(publish ? { publish: true, ...(description === '' ? {} : { versionDescription: description }) } : {}),
      });
      setSaved(
        result.stateMachineVersionArn === undefined
          ? 'Saved as a new revision.'
          : `Saved and published as version ${arnName(result.stateMachineVersionArn)}.`,
      );
      setDescription('');
      setPublish(false);
      props.onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="view view-wide editor-view">
      <Breadcrumbs
        items={[
          { label: 'State machines', href: paths.machines() },
          { label: machine.name, href: paths.machine(machine.stateMachineArn) },
          { label: 'Edit' },
        ]}
      />
      <div class="view-header">
        <div>
          <h1>Edit {machine.name}</h1>
          <p class="subtitle">
            Checked as you type, with the rules the server applies. Saving creates a new revision of $LATEST.
          </p>
        </div>
        <div class="header-actions save-bar">
          <label class="checkbox">
            <input
              type="checkbox"
              checked={publish}
              onChange={(e) => {
                setPublish(e.currentTarget.checked);
              }}
            />
            Publish a version
          </label>
          {publish && (
            <input
              type="text"
              class="version-description"
              placeholder="Version description (optional)"
              value={description}
              maxLength={256}
              onInput={(e) => {
                setDescription(e.currentTarget.value);
              }}
            />
          )}
          <button
            type="button"
            class="button"
            disabled={!dirty || saving}
            onClick={() => {
              setText(original);
            }}
          >
            Discard changes
          </button>
          <button
            type="button"
            class="button"
            onClick={() => {
              navigate(paths.machine(machine.stateMachineArn));
            }}
          >
            Back
          </button>
          <button
            type="button"
            class="button button-primary"
            disabled={errors.length > 0 || saving || (!dirty && !publish)}
            onClick={() => void save()}
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
      {saved !== undefined && (
        <div class="success-box" role="status" data-testid="saved">
          {saved}
        </div>
      )}
      {error !== undefined && <ErrorBox error={error} title="Not saved" />}
      <div class="editor-split">
        <Card
          class="card-editor"
          title="Definition"
          actions={<span class="muted">{dirty ? 'Modified' : 'Saved'}</span>}
        >
          <div class="editor-host" data-testid="editor">
            <CodeEditor
              value={text}
              onChange={setText}
              diagnostics={marks}
              reveal={reveal}
              label="State machine definition"
            />
          </div>
          <Problems
            diagnostics={diagnostics}
            onReveal={(d) => {
              setReveal({ line: d.line, column: d.column, seq: (reveal?.seq ?? 0) + 1 });
            }}
          />
        </Card>
        <Card
          class="card-graph card-graph-editor"
          title="Graph"
          actions={<span class="muted">{model?.stateCount ?? 0} states</span>}
        >
          <GraphView layout={layout} note={stale ? 'Not JSON: showing the last graph that parsed' : undefined} />
        </Card>
      </div>
    </div>
  );
}

function Problems(props: { diagnostics: Diagnostic[]; onReveal: (d: Diagnostic) => void }) {
  if (props.diagnostics.length === 0) {
    return (
      <div class="problems problems-ok" data-testid="problems">
        <span class="ok-mark">✓</span> Valid definition
      </div>
    );
  }
  return (
    <div class="problems" data-testid="problems">
      <div class="problems-title">
        {props.diagnostics.length} {props.diagnostics.length === 1 ? 'problem' : 'problems'}
      </div>
      <ul>
        {props.diagnostics.map((d, i) => (
          <li key={i}>
            <button
              type="button"
              class={`problem problem-${d.severity.toLowerCase()}`}
              onClick={() => {
                props.onReveal(d);
              }}
            >
              <span class="problem-pos">
                {d.line}:{d.column}
              </span>
              <span class="problem-code">{d.code}</span>
              <span class="problem-message">{d.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
