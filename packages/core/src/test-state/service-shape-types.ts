// The form of the generated service shape data (service-shapes.generated.ts): AWS API output shapes reduced
// to what mock result validation reads.

/**
 * A primitive without constraints by its type name (`string`, `integer`, `long`, `float`, `double`,
 * `boolean`, `timestamp`, `blob`), `any` for a value not checked, or `service/ShapeName` for a shape of
 * `ServiceShapeData.shapes`.
 */
export type ShapeRef = string;

export interface Shape {
  type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'float'
    | 'double'
    | 'boolean'
    | 'timestamp'
    | 'blob';
  /** A structure's members, named as Step Functions returns them (first letter capitalised), in the API's order. */
  members?: Record<string, ShapeRef>;
  required?: string[];
  /** A list's element. */
  member?: ShapeRef;
  /** A map's value (its keys are strings). */
  value?: ShapeRef;
  /** Length of a string, blob, list or map; value of a number. */
  min?: number;
  max?: number;
  enum?: string[];
}

export interface OperationShape {
  /** The output shape. */
  shape: ShapeRef;
  /** Top-level members Step Functions hands over as JSON, whatever the API's type (a Lambda Payload). */
  json?: string[];
}

export interface ServiceShapeData {
  /** By the Resource after `arn:aws:states:::` (`lambda:invoke`, `states:startExecution.sync`). */
  optimized: Record<string, OperationShape>;
  /** By `SERVICE:ACTION` of `arn:aws:states:::aws-sdk:SERVICE:ACTION`. */
  awsSdk: Record<string, OperationShape>;
  shapes: Record<string, Shape>;
}
