// A local function slower than the Task's TimeoutSeconds that calls it: LambdaFunctionsTimedOut.
export async function handler(): Promise<{ done: boolean }> {
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  return { done: true };
}
