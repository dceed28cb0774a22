// A small argv parser: positional arguments and `--name value` / `--flag` options, with clear errors.

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
  /** Every value of each valued option, in order (for options that may be repeated). */
  lists: Map<string, string[]>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses argv; `flags` take no value, `valued` take one; any other option is an error naming it. */
export function parseArgs(argv: readonly string[], flags: readonly string[], valued: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      options.set(name, true);
      continue;
    }
    if (!valued.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
    lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  return { positional, options, lists };
}

/** Every value given to a repeatable option (`--cors-origin A --cors-origin B`). */
export function listOption(args: ParsedArgs, name: string): string[] {
  return args.lists.get(name) ?? [];
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}
