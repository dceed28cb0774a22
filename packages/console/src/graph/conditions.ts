// A Choice rule as one readable line for its edge label: `$.total > 100`, `not ($.vip == true)`, or a JSONata
// Condition without its {% %} delimiters.

const symbols: [RegExp, string][] = [
  [/GreaterThanEquals(Path)?$/, '>='],
  [/LessThanEquals(Path)?$/, '<='],
  [/GreaterThan(Path)?$/, '>'],
  [/LessThan(Path)?$/, '<'],
  [/Equals(Path)?$/, '=='],
];

const ruleKeys = new Set(['Next', 'Variable', 'Comment', 'Assign', 'Output', 'And', 'Or', 'Not', 'Condition']);

export function describeRule(rule: unknown): string {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return '?';
  const r = rule as Record<string, unknown>;
  if (typeof r.Condition === 'string') return r.Condition.replace(/^\s*\{%\s*/, '').replace(/\s*%\}\s*$/, '');
  if (typeof r.Condition === 'boolean') return String(r.Condition);
  if (Array.isArray(r.And)) return r.And.map((x) => group(x)).join(' and ');
  if (Array.isArray(r.Or)) return r.Or.map((x) => group(x)).join(' or ');
  if (r.Not !== undefined) return `not ${group(r.Not)}`;
  const variable = typeof r.Variable === 'string' ? r.Variable : '?';
  const operator = Object.keys(r).find((key) => !ruleKeys.has(key));
  if (operator === undefined) return variable;
  const operand = r[operator];
  if (operator.startsWith('Is')) return `${variable} ${operand === false ? 'is not' : 'is'} ${typeName(operator)}`;
  if (operator.startsWith('StringMatches')) return `${variable} matches ${JSON.stringify(operand)}`;
  const symbol = symbols.find(([pattern]) => pattern.test(operator))?.[1] ?? operator;
  const value = operator.endsWith('Path') ? String(operand) : JSON.stringify(operand);
  return `${variable} ${symbol} ${value}`;
}

function group(rule: unknown): string {
  const text = describeRule(rule);
  return /\s(and|or)\s/.test(text) ? `(${text})` : text;
}

function typeName(operator: string): string {
  const name = operator.slice(2);
  return name === 'Present' ? 'present' : name === 'Null' ? 'null' : name.toLowerCase();
}

/** Shortens a label for the graph; the full text stays in the edge's tooltip. */
export function shorten(text: string, max = 38): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
