// A JSON payload, pretty-printed and coloured as text nodes (never as HTML), with execution ARNs linked to
// their execution (nested executions). Text that is not JSON is shown as it is.

import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { paths } from '../router.ts';
import { Link } from './link.tsx';

const token = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
const executionArn = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:[^:\s]+:[^:\s]+$/;
/** Past this size a payload is shown plain: colouring 256 KiB of JSON would cost more than it helps. */
const colourLimit = 100_000;

export function JsonView(props: { text: string | undefined; empty?: string }) {
  const pretty = useMemo(() => prettyPrint(props.text), [props.text]);
  if (props.text === undefined) return <div class="json-empty">{props.empty ?? 'No data'}</div>;
  return <pre class="json">{pretty.length > colourLimit ? pretty : colour(pretty)}</pre>;
}

export function prettyPrint(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function colour(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(token)) {
    const at = match.index;
    if (at > last) out.push(text.slice(last, at));
    const [whole, string, colon, literal, number] = match;
    if (string !== undefined && colon !== undefined) {
      out.push(<span class="j-key">{string}</span>, colon);
    } else if (string !== undefined) {
      out.push(stringToken(string));
    } else if (literal !== undefined) {
      out.push(<span class="j-lit">{literal}</span>);
    } else if (number !== undefined) {
      out.push(<span class="j-num">{number}</span>);
    }
    last = at + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function stringToken(quoted: string): ComponentChildren {
  const inner = quoted.slice(1, -1);
  if (executionArn.test(inner)) {
    return (
      <span class="j-str">
        "
        <Link href={paths.execution(inner)} class="j-link" title="Open this execution">
          {inner}
        </Link>
        "
      </span>
    );
  }
  return <span class="j-str">{quoted}</span>;
}
