// What a test file started, stopped in reverse order at its end even when a later start failed, so a failed
// set-up never leaves a server running (the test runner would wait on it forever).

export class Teardown {
  readonly #steps: (() => unknown)[] = [];

  /** Registers how to stop `resource` as soon as it has started; returns it. */
  add<T>(resource: T, stop: (resource: T) => unknown): T {
    this.#steps.push(() => stop(resource));
    return resource;
  }

  /** Stops everything registered, newest first; every step runs even if one throws. */
  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'stopping what the test started failed');
  }
}
