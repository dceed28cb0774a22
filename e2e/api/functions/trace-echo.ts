// A local function for the trace scenarios: it answers with the trace header it was invoked under, as
// Lambda hands it over (the `_X_AMZN_TRACE_ID` variable and the context's `xRayTraceId`).
export function handler(
  _event: unknown,
  context: { xRayTraceId?: string },
): { env: string | null; context: string | null } {
  return { env: process.env._X_AMZN_TRACE_ID ?? null, context: context.xRayTraceId ?? null };
}
