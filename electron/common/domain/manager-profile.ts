import type { Brand } from '../brand';

/** Identifies a Manager profile stored on this machine. */
export type ManagerId = Brand<string, 'ManagerId'>;

/** A Manager the user can submit to. Secret header values are not here: they live in the SecretStore. */
export type ManagerProfile = {
  readonly id: ManagerId;
  readonly name: string;
  /** Base URL such as `http://farm.local:8080/` (no `/api/v3`). */
  readonly url: string;
  /** Plain, non-secret extra request headers (e.g. for a reverse proxy). */
  readonly extraHeaders: Readonly<Record<string, string>>;
  /** Names of headers whose values are secrets kept in the SecretStore. */
  readonly secretHeaderNames: readonly string[];
  readonly isActive: boolean;
  readonly createdAt: number;
};

/** The SecretStore key that holds one secret header of a profile. */
export function secretHeaderKey(id: ManagerId, headerName: string): string {
  return `manager:${id}:header:${headerName.toLowerCase()}`;
}
