// A local function that always fails: the metrics scrape counts LambdaFunctionsFailed with it.
export function handler(): never {
  throw new Error('rejected on purpose');
}
