// The Triggers view's HTTP start routes: those of the `--routes` file and those added here, with a form to
// add one (checked by the server as a file's route is) and a button to remove one added here.

import { useState } from 'preact/hooks';
import { addRoute, removeRoute, type RouteView } from '../api/triggers.ts';
import { arnName } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { Card, ErrorBox } from '../components/ui.tsx';
import { paths } from '../router.ts';

const methods = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'];

export function RoutesCard(props: { routes: RouteView[]; changed: () => void }) {
  const [error, setError] = useState<unknown>(undefined);
  const remove = (route: RouteView) => {
    removeRoute(route.method, route.path).then(props.changed, setError);
  };
  return (
    <Card title={`HTTP start routes (${String(props.routes.length)})`}>
      {error !== undefined && <ErrorBox error={error} title="The route was not changed" />}
      {props.routes.length > 0 && (
        <table class="table" data-testid="routes">
          <thead>
            <tr>
              <th>Route</th>
              <th>State machine</th>
              <th>Input</th>
              <th>Defined in</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.routes.map((route) => (
              <tr key={`${route.method} ${route.path}`} data-route={`${route.method} ${route.path}`}>
                <td>
                  <span class="method-pill">{route.method}</span> <code>{route.path}</code>
                  <div class="muted">
                    {route.sync ? 'sync: answers with the output' : 'starts an execution'} ·{' '}
                    {route.authorization === 'NONE' ? 'open' : 'SigV4 under --auth'}
                  </div>
                </td>
                <td>
                  <Link href={paths.machine(route.stateMachineArn)} class="mono-link">
                    {arnName(route.stateMachineArn)}
                  </Link>
                </td>
                <td>
                  {route.input === undefined ? (
                    <span class="muted">the body</span>
                  ) : (
                    <pre class="pattern">{JSON.stringify(route.input, null, 2)}</pre>
                  )}
                </td>
                <td class="muted">{route.origin === 'file' ? '--routes file' : 'console'}</td>
                <td>
                  {route.origin === 'console' && (
                    <button
                      type="button"
                      class="button button-danger"
                      onClick={() => {
                        remove(route);
                      }}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RouteForm
        added={() => {
          setError(undefined);
          props.changed();
        }}
      />
    </Card>
  );
}

function RouteForm(props: { added: () => void }) {
  const [method, setMethod] = useState('POST');
  const [path, setPath] = useState('');
  const [machine, setMachine] = useState('');
  const [sync, setSync] = useState(false);
  const [open, setOpen] = useState(false);
  const [mapping, setMapping] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    let input: unknown;
    try {
      input = mapping.trim() === '' ? undefined : (JSON.parse(mapping) as unknown);
    } catch (problem) {
      setError(new Error(`The input mapping is not JSON: ${problem instanceof Error ? problem.message : ''}`));
      return;
    }
    const route = { method, path, stateMachine: machine, sync, authorization: open ? 'NONE' : 'AWS_IAM', input };
    addRoute(route).then(() => {
      setError(undefined);
      setPath('');
      setMapping('');
      props.added();
    }, setError);
  };
  return (
    <form class="route-form" onSubmit={submit} aria-label="Add a route">
      <select
        aria-label="Method"
        value={method}
        onChange={(e) => {
          setMethod(e.currentTarget.value);
        }}
      >
        {methods.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      <input
        aria-label="Path"
        placeholder="/orders/{id}"
        value={path}
        onInput={(e) => {
          setPath(e.currentTarget.value);
        }}
      />
      <input
        aria-label="State machine"
        placeholder="state machine name or ARN"
        value={machine}
        onInput={(e) => {
          setMachine(e.currentTarget.value);
        }}
      />
      <textarea
        aria-label="Input mapping"
        placeholder='optional input mapping, e.g. {"id.$": "$.path.id", "order.$": "$.body"}'
        value={mapping}
        onInput={(e) => {
          setMapping(e.currentTarget.value);
        }}
      />
      <label>
        <input
          type="checkbox"
          checked={sync}
          onChange={(e) => {
            setSync(e.currentTarget.checked);
          }}
        />{' '}
        sync (Express)
      </label>
      <label>
        <input
          type="checkbox"
          checked={open}
          onChange={(e) => {
            setOpen(e.currentTarget.checked);
          }}
        />{' '}
        open without --auth signature
      </label>
      <button type="submit" class="button button-primary">
        Add route
      </button>
      {error !== undefined && <ErrorBox error={error} title="The route was not added" />}
    </form>
  );
}
