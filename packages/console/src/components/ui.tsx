// Small shared pieces: page header with breadcrumbs, tabs, cards, errors, the copy button.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { Link } from './link.tsx';

export function Breadcrumbs(props: { items: { label: string; href?: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      {props.items.map((item, i) => (
        <span key={i}>
          {i > 0 && <span class="crumb-sep">/</span>}
          {item.href === undefined ? <span>{item.label}</span> : <Link href={item.href}>{item.label}</Link>}
        </span>
      ))}
    </nav>
  );
}

export function Tabs(props: {
  tabs: { id: string; label: string; count?: number | undefined }[];
  active: string;
  onSelect: (id: string) => void;
}) {
  return (
    <div class="tabs" role="tablist">
      {props.tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={tab.id === props.active}
          class={tab.id === props.active ? 'tab tab-active' : 'tab'}
          onClick={() => {
            props.onSelect(tab.id);
          }}
        >
          {tab.label}
          {tab.count !== undefined && <span class="tab-count">{tab.count.toLocaleString('en-US')}</span>}
        </button>
      ))}
    </div>
  );
}

export function Card(props: {
  title?: ComponentChildren;
  actions?: ComponentChildren;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <section class={`card ${props.class ?? ''}`}>
      {(props.title !== undefined || props.actions !== undefined) && (
        <header class="card-header">
          <h3>{props.title}</h3>
          <div class="card-actions">{props.actions}</div>
        </header>
      )}
      {props.children}
    </section>
  );
}

export function ErrorBox(props: { error: unknown; title?: string }) {
  const type = props.error instanceof ApiError ? props.error.type : 'Error';
  const message = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <div class="error-box" role="alert">
      <strong>{props.title ?? type}</strong>
      {props.title !== undefined && <span class="error-type">{type}</span>}
      <div>{message}</div>
    </div>
  );
}

export function CopyButton(props: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="copy-button"
      title="Copy to the clipboard"
      onClick={() => {
        void navigator.clipboard.writeText(props.text).then(() => {
          setCopied(true);
          setTimeout(() => {
            setCopied(false);
          }, 1200);
        });
      }}
    >
      {copied ? 'Copied' : (props.label ?? 'Copy')}
    </button>
  );
}

export function Spinner(props: { label?: string }) {
  return (
    <div class="loading">
      <span class="spinner" />
      {props.label ?? 'Loading…'}
    </div>
  );
}

export function LiveDot(props: { live: boolean }) {
  return (
    <span class={props.live ? 'live live-on' : 'live'} title={props.live ? 'Updating live' : 'Not live'}>
      <span class="live-dot" />
      {props.live ? 'Live' : 'Paused'}
    </span>
  );
}
