// How the loader calls the Step Functions API (in process, or over HTTP for `stepwise load`).

export type CallApi = (operation: string, request: Record<string, unknown>) => Promise<Record<string, unknown>>;
