// Python's text forms the recordings were made with: json.dumps(default=str), str(datetime) and repr().

/**
 * A JSON number as Python writes it. JSON integers stay integers (JS cannot tell `1.0` from `1`);
 * other values follow float repr: exponent form outside 1e-4 <= |x| < 1e16.
 */
export function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n)) return BigInt(n).toString();
  const [mantissa = '0', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) return String(n);
  const sign = exp < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's repr() of a float: integral values keep `.0` (`0.0`, `100.0`) below 1e16, `1e+16` from there. */
function pythonFloat(n: number): string {
  if (!Number.isInteger(n)) return pythonNumber(n);
  if (Math.abs(n) < 1e16) return `${Object.is(n, -0) ? '-' : ''}${BigInt(n).toString()}.0`;
  const [mantissa = '', exponent = '0'] = n.toExponential().split('e');
  return `${mantissa}e+${exponent.replace('+', '').padStart(2, '0')}`;
}

const jsonEscapes: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A JSON string literal as Python's json.dumps writes it (ensure_ascii=True). */
export function pythonJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    const code = s.charCodeAt(i);
    const escaped = jsonEscapes[ch];
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** str(datetime) of an aware UTC datetime: `2024-01-02 03:04:05.678000+00:00`. */
export function pythonDatetime(d: Date): string {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return `${date} ${time}${ms === 0 ? '' : `.${pad(ms, 3)}000`}+00:00`;
}

/** json.dumps(value, default=str) with Python's default separators `, ` and `: `. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonJsonString(value);
  if (value instanceof Date) return pythonJsonString(pythonDatetime(value));
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${pythonJsonString(k)}: ${pythonJsonDumps(v)}`);
    return `{${members.join(', ')}}`;
  }
  return 'null';
}

function pythonStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a value decoded by json.loads (dict, list, str, int/float, bool, None). */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value).replace('Infinity', 'inf').replace('NaN', 'nan');
  if (typeof value === 'string') return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${pythonStringRepr(k)}: ${pythonRepr(v)}`);
    return `{${members.join(', ')}}`;
  }
  return 'None';
}

/**
 * What Python's `json.dumps(json.loads(text))` writes: its spacing and escapes, with every number written
 * as the int or float the text spelled (`0.0` stays `0.0`, `1.50` becomes `1.5`).
 */
export function pythonJsonRoundTrip(text: string): string {
  let at = 0;
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at++;
  };
  const value = (): string => {
    space();
    const char = text.charAt(at);
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      const parts: string[] = [];
      at++;
      space();
      while (text.charAt(at) !== close) {
        if (char === '{') {
          const key = value();
          space();
          at++; // the colon
          parts.push(`${key}: ${value()}`);
        } else parts.push(value());
        space();
        if (text.charAt(at) === ',') at++;
        space();
      }
      at++;
      return `${char}${parts.join(', ')}${close}`;
    }
    const token = /^("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at))?.[0];
    if (token === undefined) throw new SyntaxError(`not JSON at ${at}: ${text.slice(at, at + 20)}`);
    at += token.length;
    if (token.startsWith('"')) return pythonJsonString(JSON.parse(token) as string);
    if (/^-?\d/.test(token)) return /[.eE]/.test(token) ? pythonFloat(Number(token)) : BigInt(token).toString();
    return token;
  };
  return value();
}
