// A map run's settings: MaxConcurrency and the failure tolerance, which UpdateMapRun changes while the run is
// running (the server's map-run driver applies them to the children it starts next).

import { useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import type { MapRunDescription } from '../api/types.ts';
import { Card, ErrorBox } from '../components/ui.tsx';

interface Field {
  key: 'maxConcurrency' | 'toleratedFailureCount' | 'toleratedFailurePercentage';
  label: string;
  hint: string;
  /** The percentage is a Double in UpdateMapRun; the others are whole numbers. */
  integer: boolean;
  max?: number;
}

/** UpdateMapRun's members and the ranges AWS accepts for them (the server answers the same). */
const fields: Field[] = [
  { key: 'maxConcurrency', label: 'Max concurrency', hint: '0: no limit', integer: true },
  { key: 'toleratedFailureCount', label: 'Tolerated failure count', hint: 'failed children', integer: true },
  { key: 'toleratedFailurePercentage', label: 'Tolerated failure %', hint: 'of all items', integer: false, max: 100 },
];

function problemOf(f: Field, text: string): string | undefined {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) return `${f.label} must be a number of 0 or more`;
  if (f.integer && !Number.isInteger(n)) return `${f.label} must be a whole number`;
  if (f.max !== undefined && n > f.max) return `${f.label} must be at most ${String(f.max)}`;
  return undefined;
}

export function MapRunSettings(props: { run: MapRunDescription; onUpdated: () => void }) {
  const { run } = props;
  const [editing, setEditing] = useState(false);
  const running = run.status === 'RUNNING';
  return (
    <Card
      title="Settings"
      class="map-run-settings"
      actions={
        running && !editing ? (
          <button
            type="button"
            class="button"
            onClick={() => {
              setEditing(true);
            }}
          >
            Edit
          </button>
        ) : undefined
      }
    >
      {editing && running ? (
        <SettingsForm
          run={run}
          onDone={(updated) => {
            setEditing(false);
            if (updated) props.onUpdated();
          }}
        />
      ) : (
        <dl class="facts settings-facts" data-testid="map-run-settings">
          {fields.map((f) => (
            <div key={f.key} class="fact-row" data-setting={f.key}>
              <dt>{f.label}</dt>
              <dd>{run[f.key].toLocaleString('en-US')}</dd>
            </div>
          ))}
          {!running && <p class="muted settings-note">A map run can be changed only while it runs.</p>}
        </dl>
      )}
    </Card>
  );
}

function SettingsForm(props: { run: MapRunDescription; onDone: (updated: boolean) => void }) {
  const [values, setValues] = useState(() => Object.fromEntries(fields.map((f) => [f.key, String(props.run[f.key])])));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const problems = fields.flatMap((f) => problemOf(f, values[f.key] ?? '') ?? []);
  const save = async () => {
    // Only what changed is sent, as the AWS console does: UpdateMapRun needs at least one member.
    const patch = Object.fromEntries(
      fields.filter((f) => Number(values[f.key]) !== props.run[f.key]).map((f) => [f.key, Number(values[f.key])]),
    );
    if (Object.keys(patch).length === 0) {
      props.onDone(false);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await call('UpdateMapRun', { mapRunArn: props.run.mapRunArn, ...patch });
      props.onDone(true);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <form
      class="settings-form"
      data-testid="map-run-settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length === 0) void save();
      }}
    >
      {fields.map((f) => (
        <label key={f.key} class="field">
          <span>{f.label}</span>
          <input
            type="number"
            min={0}
            step={f.integer ? 1 : 'any'}
            {...(f.max === undefined ? {} : { max: f.max })}
            name={f.key}
            value={values[f.key]}
            onInput={(e) => {
              const text = e.currentTarget.value;
              setValues((v) => ({ ...v, [f.key]: text }));
            }}
          />
          <span class="muted field-hint">{f.hint}</span>
        </label>
      ))}
      {problems.length > 0 && <div class="field-error">{problems[0]}</div>}
      {error !== undefined && <ErrorBox error={error} title="UpdateMapRun failed" />}
      <div class="form-actions">
        <button
          type="button"
          class="button"
          onClick={() => {
            props.onDone(false);
          }}
        >
          Cancel
        </button>
        <button type="submit" class="button button-primary" disabled={busy || problems.length > 0}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
