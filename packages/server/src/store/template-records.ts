// Which template made which resource: each state machine, activity, function mapping and trigger a load created
// is recorded under the template's path and logical id, so that a later load of a smaller template (after a
// restart too, or from `stepwise load`) deletes what it made and no longer declares, and nothing else.

/** The kinds of resource a template makes. */
export const templateResourceKinds = [
  'state-machine',
  'activity',
  'function',
  'rule',
  'schedule',
  'pipe',
  'route',
] as const;

export type TemplateResourceKind = (typeof templateResourceKinds)[number];

export interface TemplateResource {
  /** The account the resource lives in (the loading key's; the server's without --auth). */
  account: string;
  /** The template's absolute path: a template file, or a CDK cloud assembly's folder. */
  template: string;
  logicalId: string;
  kind: TemplateResourceKind;
  /**
   * The resource's name on its API within its kind: NAME, BUS/NAME for a rule, GROUP/NAME for a schedule,
   * `METHOD /path` for a route.
   */
  key: string;
}

/** Several templates may record the same resource: it is deleted only when the last of them drops it. */
export interface TemplateRecords {
  /** Every record of the account, every template's. */
  listTemplateResources(account: string): Promise<TemplateResource[]>;
  /** Adds records (one already there is kept as it is, its logical id updated). */
  putTemplateResources(resources: readonly TemplateResource[]): Promise<void>;
  /** Removes these records (by account, kind, key and template); a missing one is no error. */
  deleteTemplateResources(resources: readonly TemplateResource[]): Promise<void>;
}
