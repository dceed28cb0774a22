// The expressions API: AWS JSONPath, reference paths, payload templates and the 18 intrinsic functions.

export { PathSyntaxError } from './cursor.ts';
export type { EvaluationScope, EvaluationServices } from './scope.ts';
export { checkPath, compilePath, normalisedPath, type CompiledPath } from './jsonpath.ts';
export { compileReferencePath, type CompiledReferencePath } from './reference-path.ts';
export {
  checkPayloadTemplate,
  compilePayloadTemplate,
  type CompiledTemplate,
  type TemplateProblem,
} from './payload-template.ts';
export {
  checkIntrinsic,
  compileIntrinsic,
  fieldPathNotFound,
  INTRINSIC_NAMES,
  type CompiledIntrinsic,
} from './intrinsics/intrinsic.ts';
export { looksLikeIntrinsic } from './intrinsics/parser.ts';
export { javaDouble, javaJson, javaNumber, javaToString } from './java-json.ts';
