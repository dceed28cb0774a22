// JSON syntax errors worded as AWS's Java service words them (Jackson's parser), with Jackson's location, for
// the execution input, definitions and task output: V8's "Unexpected token } in JSON at position 7" is not
// what an AWS client sees. Only the message is Jackson's: what is accepted stays JSON.parse's decision.

const validValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
/** Jackson shows at most this many characters of the source in a location. */
const shownSource = 500;

class SyntaxProblem extends Error {
  constructor(
    message: string,
    /** Index in the text Jackson's location points at (its column is this index's, 1-based). */
    readonly at: number,
  ) {
    super(message);
  }
}

/** Jackson's message for the first syntax error of `text`, with its location; undefined when it is JSON. */
export function jacksonParseError(text: string): string | undefined {
  try {
    const scanner = new Scanner(text);
    if (scanner.skipSpace() === undefined) return `No content to map due to end-of-input${location(text, 1, 0)}`;
    scanner.value();
    // A second value after the first: Jackson reads it as the next root-level token.
    if (scanner.skipSpace() !== undefined) scanner.trailing();
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return `${error.message}${locationAt(text, error.at)}`;
  }
}

/** Jackson's message for `text`, which JSON.parse refused with `error` (its message when ours finds nothing). */
export function jacksonReason(text: string, error: unknown): string {
  return jacksonParseError(text) ?? (error instanceof Error ? error.message : 'not JSON');
}

/** `'x' (code 120)`, as Jackson describes a character. */
function describe(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 32) return `(CTRL-CHAR, code ${String(code)})`;
  if (code > 255) return `'${char}' (code ${String(code)} / 0x${code.toString(16)})`;
  return `'${char}' (code ${String(code)})`;
}

function locationAt(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split(/\r\n|\r|\n/).length;
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return location(text, line, index - lineStart + 1);
}

function location(text: string, line: number, column: number): string {
  const cut = text.length > shownSource ? `[truncated ${String(text.length - shownSource)} chars]` : '';
  return `\n at [Source: (String)"${text.slice(0, shownSource)}"${cut}; line: ${String(line)}, column: ${String(column)}]`;
}

class Scanner {
  private index = 0;

  constructor(private readonly text: string) {}

  /** Skips white space; the next character, or undefined at the end. */
  skipSpace(): string | undefined {
    while (this.index < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.index))) this.index++;
    return this.index < this.text.length ? this.text.charAt(this.index) : undefined;
  }

  /** Fails at the character just read, as Jackson does (its location is just past it). */
  private unexpected(char: string, why: string): never {
    throw new SyntaxProblem(`Unexpected character (${describe(char)}): ${why}`, this.index + 1);
  }

  private endOfInput(why: string): never {
    throw new SyntaxProblem(`Unexpected end-of-input${why}`, this.text.length);
  }

  value(): void {
    const char = this.skipSpace();
    if (char === undefined) this.endOfInput(': expected a valid value');
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.string();
    else if (char === '-' || (char >= '0' && char <= '9')) this.number();
    else this.word(char);
  }

  /** A second root-level value: a well-formed one is still refused, as JSON.parse refuses it. */
  trailing(): void {
    const start = this.index;
    this.value();
    const token = this.text.slice(start, this.index);
    throw new SyntaxProblem(
      `Unexpected trailing content '${token.slice(0, 50)}' after the root-level value`,
      start + 1,
    );
  }

  private word(first: string): void {
    if (!/[\p{L}_$]/u.test(first)) this.unexpected(first, `expected a valid value ${validValues}`);
    const start = this.index;
    while (this.index < this.text.length && /[\p{L}\p{N}_$]/u.test(this.text.charAt(this.index))) this.index++;
    const token = this.text.slice(start, this.index);
    if (token === 'true' || token === 'false' || token === 'null') return;
    throw new SyntaxProblem(`Unrecognized token '${token}': was expecting ${validValues}`, this.index);
  }

  private object(): void {
    const start = this.index++;
    if (this.skipSpace() === '}') {
      this.index++;
      return;
    }
    for (;;) {
      const quote = this.skipSpace() ?? this.unclosed('Object', start);
      if (quote !== '"') this.unexpected(quote, 'was expecting double-quote to start field name');
      this.string();
      const colon = this.skipSpace() ?? this.unclosed('Object', start);
      if (colon !== ':') this.unexpected(colon, 'was expecting a colon to separate field name and value');
      this.index++;
      this.value();
      const next = this.skipSpace() ?? this.unclosed('Object', start);
      this.index++;
      if (next === '}') return;
      if (next !== ',') this.unexpected(next, 'was expecting comma to separate Object entries');
    }
  }

  private array(): void {
    const start = this.index++;
    if (this.skipSpace() === ']') {
      this.index++;
      return;
    }
    for (;;) {
      if (this.skipSpace() === undefined) this.unclosed('Array', start);
      this.value();
      const next = this.skipSpace() ?? this.unclosed('Array', start);
      this.index++;
      if (next === ']') return;
      if (next !== ',') this.unexpected(next, 'was expecting comma to separate Array entries');
    }
  }

  private unclosed(kind: 'Object' | 'Array', start: number): never {
    const marker = locationAt(this.text, start).replace(/^\n at /, '');
    this.endOfInput(`: expected close marker for ${kind} (start marker at ${marker})`);
  }

  private string(): void {
    this.index++;
    for (;;) {
      if (this.index >= this.text.length) this.endOfInput(': was expecting closing quote for a string value');
      const char = this.text.charAt(this.index);
      if (char === '"') {
        this.index++;
        return;
      }
      if (char < ' ') {
        const why = 'has to be escaped using backslash to be included in string value';
        throw new SyntaxProblem(`Illegal unquoted character (${describe(char)}): ${why}`, this.index + 1);
      }
      this.index += char === '\\' ? this.escape() : 1;
    }
  }

  /** The length of the escape sequence at the index. */
  private escape(): number {
    const char = this.text.charAt(this.index + 1);
    if (char === '') this.endOfInput(' in character escape sequence');
    if ('"\\/bfnrt'.includes(char)) return 2;
    if (char === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.index + 2, this.index + 6))) return 6;
    const why = char === 'u' ? 'expected a hex-digit for character escape sequence' : 'Unrecognized character escape';
    throw new SyntaxProblem(`${why} ${describe(char)}`, this.index + 2);
  }

  private number(): void {
    if (this.text.charAt(this.index) === '-') this.index++;
    const first = this.index;
    this.digits('expected digit (0-9) to follow minus sign, for valid numeric value');
    if (this.text.charAt(first) === '0' && this.index - first > 1)
      throw new SyntaxProblem('Invalid numeric value: Leading zeroes not allowed', first + 2);
    if (this.text.charAt(this.index) === '.') {
      this.index++;
      this.digits('Decimal point not followed by a digit');
    }
    if (/[eE]/.test(this.text.charAt(this.index))) {
      this.index++;
      if (/[+-]/.test(this.text.charAt(this.index))) this.index++;
      this.digits('Exponent indicator not followed by a digit');
    }
  }

  /** Reads one or more digits. */
  private digits(why: string): void {
    const start = this.index;
    while (/[0-9]/.test(this.text.charAt(this.index))) this.index++;
    if (this.index > start) return;
    const char = this.text.charAt(this.index);
    if (char === '') this.endOfInput(' in a Number value');
    throw new SyntaxProblem(`Unexpected character (${describe(char)}) in numeric value: ${why}`, this.index + 1);
  }
}
