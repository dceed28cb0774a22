// The fields of a JSONata state that hold expressions: whole templates, and scalars given as `{% %}`.

/** Fields whose value is a JSON template: any string in it may be a `{% %}` expression. */
export const JSONATA_TEMPLATE_FIELDS = ['Arguments', 'Output', 'Items', 'ItemSelector'] as const;

/** Scalar fields that take a literal or a `{% %}` expression. */
export const JSONATA_SCALAR_FIELDS = [
  'Seconds',
  'Timestamp',
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'MaxConcurrency',
  'ToleratedFailureCount',
  'ToleratedFailurePercentage',
  'Error',
  'Cause',
] as const;
