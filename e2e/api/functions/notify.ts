// A local function for the callback scenarios: it "sends" the task token somewhere (here: nowhere, the
// test reads it from the history) and returns at once; the task then waits for its callback.
export function handler(event: { token: string; order: string }): { queued: string } {
  return { queued: event.order };
}
