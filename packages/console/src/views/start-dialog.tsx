// Start an execution: an optional name, and the input as JSON, checked as it is typed.

import { useMemo, useState } from 'preact/hooks';
import { ApiError, call } from '../api/client.ts';
import { CodeEditor } from '../components/code-editor.tsx';
import { arnName } from '../components/format.ts';
import { checkJson } from '../components/json-check.ts';
import { ErrorBox } from '../components/ui.tsx';
import { navigate, paths } from '../router.ts';

// AWS's name rule: no white space, brackets, wildcards, listed punctuation or control characters.
// eslint-disable-next-line no-control-regex
const namePattern = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;

export function StartDialog(props: { targets: { arn: string; label: string }[]; input?: string; onClose: () => void }) {
  const [target, setTarget] = useState(props.targets[0]?.arn ?? '');
  const [name, setName] = useState('');
  const [input, setInput] = useState(props.input ?? '{\n  \n}');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const diagnostics = useMemo(() => checkJson(input), [input]);
  const nameProblem =
    name !== '' && !namePattern.test(name)
      ? 'Names are 1 to 80 characters, without spaces or any of < > { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : /'
      : undefined;
  const valid = diagnostics.length === 0 && nameProblem === undefined;

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const started = await call('StartExecution', {
        stateMachineArn: target,
        input,
        ...(name === '' ? {} : { name }),
      });
      props.onClose();
      navigate(paths.execution(started.executionArn));
    } catch (e) {
      setError(e instanceof ApiError ? e : new Error(String(e)));
      setBusy(false);
    }
  };

  return (
    <div
      class="modal-backdrop"
      onClick={(e) => {
        if (e.target === e.currentTarget) props.onClose();
      }}
    >
      <div class="modal" role="dialog" aria-label="Start execution" data-testid="start-dialog">
        <header class="modal-header">
          <h2>Start execution</h2>
          <button type="button" class="icon-button" aria-label="Close" onClick={props.onClose}>
            ×
          </button>
        </header>
        <div class="modal-body">
          <div class="form-row">
            {props.targets.length > 1 && (
              <label class="field">
                <span>Run</span>
                <select
                  value={target}
                  onChange={(e) => {
                    setTarget(e.currentTarget.value);
                  }}
                >
                  {props.targets.map((t) => (
                    <option key={t.arn} value={t.arn}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label class="field field-grow">
              <span>Name (optional)</span>
              <input
                type="text"
                placeholder="A unique name; a UUID when empty"
                value={name}
                aria-invalid={nameProblem !== undefined}
                onInput={(e) => {
                  setName(e.currentTarget.value);
                }}
              />
            </label>
          </div>
          {nameProblem !== undefined && <div class="field-error">{nameProblem}</div>}
          <div class="field">
            <span>Input (JSON) for {arnName(target)}</span>
            <div class="input-editor" data-testid="input-editor">
              <CodeEditor value={input} onChange={setInput} diagnostics={diagnostics} label="Execution input" />
            </div>
          </div>
          <div class={diagnostics.length === 0 ? 'check check-ok' : 'check check-error'} data-testid="input-check">
            {diagnostics.length === 0
              ? 'Valid JSON'
              : `Line ${String(diagnostics[0]?.line)}, column ${String(diagnostics[0]?.column)}: ${diagnostics[0]?.message ?? ''}`}
          </div>
          {error !== undefined && <ErrorBox error={error} title="The execution did not start" />}
        </div>
        <footer class="modal-footer">
          <button type="button" class="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" class="button button-primary" disabled={!valid || busy} onClick={() => void start()}>
            {busy ? 'Starting…' : 'Start execution'}
          </button>
        </footer>
      </div>
    </div>
  );
}
