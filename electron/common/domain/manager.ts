import type { AppError } from '../errors';
import type { ManagerId } from './manager-profile';

/** The platforms a Manager knows for submitters and variables. */
export const managerPlatforms = ['linux', 'windows', 'darwin'] as const;
/** One of {@link managerPlatforms}. */
export type ManagerPlatform = (typeof managerPlatforms)[number];

/** What `GET /api/v3/version` says about a Manager. */
export type ManagerVersion = {
  /** Human-readable version, with git info on non-release builds. */
  readonly version: string;
  readonly shortVersion: string;
  /** The name the Manager's owner gave it; tells Managers apart in discovery. */
  readonly name: string;
  readonly git: string;
};

/** The parts of `GET /api/v3/configuration` the app uses. */
export type ManagerConfiguration = {
  /** The Manager's own path of its job storage (as the Manager sees it). */
  readonly storageLocation: string;
  /** Whether the Shaman upload API is on (off by default on Windows Managers). */
  readonly shamanEnabled: boolean;
  readonly isFirstRun: boolean;
};

/** Shared storage as seen by users of one platform. */
export type SharedStorage = {
  readonly location: string;
  readonly platform: string;
  readonly shamanEnabled: boolean;
};

/** One path variable for users of one platform. */
export type ManagerVariable = {
  readonly name: string;
  readonly value: string;
  /** Two-way variables are also applied in reverse when a job is submitted. */
  readonly isTwoWay: boolean;
};

/** The outcome of testing a URL (with headers) as a Flamenco Manager. */
export type ManagerConnectionTest =
  | { readonly ok: true; readonly url: string; readonly version: ManagerVersion }
  | { readonly ok: false; readonly url: string; readonly error: AppError };

/** A Manager found on the LAN and verified with `GET /api/v3/version`. */
export type DiscoveredManager = {
  /** Base URL, e.g. `http://192.168.1.5:8080/`. */
  readonly url: string;
  readonly version: ManagerVersion;
};

/** A saved Manager profile as the settings screen shows it (no secret values). */
export type ManagerProfileInput = {
  readonly name: string;
  readonly url: string;
  readonly extraHeaders?: Readonly<Record<string, string>>;
  /** Secret header values: stored in the SecretStore, never in the database. */
  readonly secretHeaders?: Readonly<Record<string, string>>;
};

/** A request to change a saved profile; omitted fields stay as they are. */
export type ManagerProfileChange = {
  readonly id: ManagerId;
  readonly name?: string;
  readonly url?: string;
  readonly extraHeaders?: Readonly<Record<string, string>>;
  /** Replaces every secret header; a header left out is deleted from the SecretStore. */
  readonly secretHeaders?: Readonly<Record<string, string>>;
};
