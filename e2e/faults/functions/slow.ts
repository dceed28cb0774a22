// A local function that takes a while: the fault probes kill the server while it runs.
export async function handler(event: { millis: number }): Promise<{ slept: number }> {
  await new Promise((resolve) => setTimeout(resolve, event.millis));
  return { slept: event.millis };
}
