// CodeMirror 6 for JSON: the definition editor, the read-only definition source and the execution input.
// Diagnostics arrive with line and column and are marked in the text and the gutter.

import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, foldGutter, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'preact/hooks';

export interface TextDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
}

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: '#1d4ed8' },
  { tag: tags.string, color: '#047857' },
  { tag: tags.number, color: '#b45309' },
  { tag: [tags.bool, tags.null], color: '#7c3aed' },
  { tag: tags.punctuation, color: '#64748b' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '12.5px', backgroundColor: '#fff' },
  '.cm-scroller': { fontFamily: '"JetBrains Mono Variable", ui-monospace, monospace', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: '#f8fafc', borderRight: '1px solid #e2e8f0', color: '#94a3b8' },
  '.cm-activeLine': { backgroundColor: '#f1f5f966' },
  '.cm-activeLineGutter': { backgroundColor: '#eef2ff' },
  '&.cm-focused': { outline: 'none' },
});

export interface CodeEditorProps {
  value: string;
  onChange?: (text: string) => void;
  readOnly?: boolean;
  diagnostics?: TextDiagnostic[];
  /** Moves the cursor to this line (and column) when it changes. */
  reveal?: { line: number; column: number; seq: number };
  label: string;
}

export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    if (host.current === null) return;
    const editable = props.readOnly !== true;
    view.current = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          foldGutter(),
          ...(editable ? [lintGutter(), history(), drawSelection(), highlightActiveLine(), indentOnInput()] : []),
          highlightActiveLineGutter(),
          bracketMatching(),
          json(),
          syntaxHighlighting(highlight),
          theme,
          EditorState.readOnly.of(!editable),
          EditorView.editable.of(editable),
          EditorView.contentAttributes.of({ 'aria-label': props.label }),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange.current?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    return () => {
      view.current?.destroy();
    };
  }, []);

  // A new value from outside (another version shown, changes discarded) replaces the text.
  useEffect(() => {
    const v = view.current;
    if (v === undefined || v.state.doc.toString() === props.value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    const v = view.current;
    if (v === undefined || props.diagnostics === undefined) return;
    const marks = props.diagnostics.map((d) => toCodeMirror(v.state.doc, d));
    v.dispatch(setDiagnostics(v.state, marks));
  }, [props.diagnostics]);

  useEffect(() => {
    const v = view.current;
    if (v === undefined || props.reveal === undefined) return;
    const at = offsetOf(v.state.doc, props.reveal.line, props.reveal.column);
    v.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    v.focus();
  }, [props.reveal?.seq]);

  return <div class="code-editor" ref={host} />;
}

function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(l.from + Math.max(0, column - 1), l.to);
}

/** Marks the token the diagnostic points at: a quoted key or string, or the word there. */
function toCodeMirror(doc: Text, d: TextDiagnostic): CmDiagnostic {
  const from = offsetOf(doc, d.line, d.column);
  const line = doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const match = /^"(?:[^"\\]|\\.)*"|^[^\s,:{}[\]]+/.exec(rest);
  const to = Math.min(line.to, from + Math.max(1, match?.[0].length ?? 1));
  return { from, to: Math.max(to, from), severity: d.severity, message: d.message };
}
