// State shared by one normalisation run: the ordered text replacements and the `<name:N>` counters.

export type TextReplacement = (text: string) => string;

export class TransformContext {
  readonly replacements: TextReplacement[] = [];
  private readonly scopes = new Map<string, number>();
  private readonly referenced = new Set<string>();

  register(fn: TextReplacement): void {
    this.replacements.push(fn);
  }

  /** Registers `value` to become `<name:N>` everywhere (LocalStack's reference replacement; first name wins). */
  reference(value: unknown, name: string): void {
    if (typeof value !== 'string') return;
    const needle = value.replaceAll('"', '\\"');
    if (this.referenced.has(needle)) return;
    this.referenced.add(needle);
    const n = this.scopes.get(name) ?? 1;
    this.scopes.set(name, n + 1);
    const placeholder = `<${name}:${n}>`;
    this.register((text) => text.replaceAll(needle, placeholder));
  }

  literal(value: string, replacement: string): void {
    if (value === '') return;
    this.register((text) => text.replaceAll(value, replacement));
  }

  regex(pattern: string | RegExp, replacement: string): void {
    const re = typeof pattern === 'string' ? pythonRegex(pattern) : pattern;
    this.register((text) => pythonSub(re, replacement, text));
  }
}

/** Compiles a Python `re` pattern as a global JS RegExp (inline `(?i)`, `(?P<name>` and `(?P=name)`). */
export function pythonRegex(pattern: string): RegExp {
  let flags = 'g';
  let source = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1] ?? '') if (f === 'i' || f === 'm' || f === 's') flags += f;
  }
  source = source.replaceAll('(?P<', '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  return new RegExp(source, flags);
}

const templateEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b' };

/** re.sub(pattern, template, text): Python template syntax (`\\`, `\1`, `\g<name>`), no `$` specials. */
export function pythonSub(re: RegExp, template: string, text: string): string {
  const count = (new RegExp(`${re.source}|`).exec('') ?? []).length - 1;
  return text.replace(re, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
    const groups = args.slice(1, 1 + count) as (string | undefined)[];
    const group = (ref: string): string =>
      /^\d+$/.test(ref) ? (ref === '0' ? String(args[0]) : (groups[Number(ref) - 1] ?? '')) : (named[ref] ?? '');
    return template.replace(/\\(g<(\w+)>|\d{1,2}|.)/gs, (whole, body: string, name: string | undefined) => {
      if (name !== undefined) return group(name);
      if (/^\d+$/.test(body)) return group(body);
      if (body === '\\') return '\\';
      return templateEscapes[body] ?? whole;
    });
  });
}
