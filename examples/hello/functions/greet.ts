// A local function for the hello example: Lambda's handler(event, context) shape.
export function handler(event: { name: string }): { text: string } {
  return { text: `Hello, ${event.name}` };
}
