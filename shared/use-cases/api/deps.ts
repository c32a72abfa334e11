import type { RuleSetSource } from '../check-sheet.ts';
import type { Caller, Objects, SigningKey, Store } from '../ports.ts';

/** What every API use case may use: ports, the district it serves, a clock and an id source. */
export interface ApiDeps {
  store: Store;
  objects: Objects;
  rules: RuleSetSource & { ids(): string[] };
  district: string;
  /** Display name for documents, e.g. 东城区. */
  districtName: string;
  maxBytes: number;
  /**
   * Signs the metadata of generated sheets cepin later trusts (reconciliation sheets). Always wired
   * by `buildDeps`; optional only for tests of routes that sign nothing (without it, signing fails).
   */
  signingKey?: SigningKey | undefined;
  now: () => Date;
  newId: () => string;
}

/** A request as the use cases see it, whatever the transport. */
export interface ApiRequest {
  caller: Caller;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** A JSON response. */
export interface ApiResponse {
  status: number;
  body: unknown;
}
