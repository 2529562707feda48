import { randomUUID } from 'node:crypto';
import type { ManagerConnectionTest, ManagerProfileChange, ManagerProfileInput } from '../../common/domain/manager';
import type { ManagerId, ManagerProfile } from '../../common/domain/manager-profile';
import { secretHeaderKey } from '../../common/domain/manager-profile';
import type { ManagerProfilesRepository } from '../db/repositories/manager-profiles-repository';
import { CoreError, toAppError } from '../errors';
import type { Clock, SecretStore } from '../ports';
import { systemClock } from '../ports';
import type { DiscoveryOptions } from './discovery';
import { discoverManagers } from './discovery';
import type { DiscoveredManager } from '../../common/domain/manager';
import { parseManagerUrl } from './http-client';
import { ManagerClient } from './manager-client';

/** What {@link ManagerService} needs. */
export type ManagerServiceOptions = {
  readonly profiles: ManagerProfilesRepository;
  readonly secrets: SecretStore;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
  /** Timeout of one request in milliseconds. */
  readonly timeoutMilliseconds?: number;
};

/** A connection test gives up sooner than ordinary requests: the user is waiting for a verdict. */
const connectionTestTimeoutMilliseconds = 5_000;

/** Header names HTTP forbids or fetch manages itself; a profile may not set them. */
const forbiddenHeaderNames = new Set(['host', 'content-length', 'content-type', 'connection', 'transfer-encoding', 'accept']);

/**
 * Manager profiles (several, one active), their secret headers, connection tests, discovery
 * and clients for the Manager of a profile.
 */
export class ManagerService {
  private readonly profiles: ManagerProfilesRepository;
  private readonly secrets: SecretStore;
  private readonly clock: Clock;
  private readonly fetchFunction: typeof fetch | undefined;
  private readonly random: (() => number) | undefined;
  private readonly timeoutMilliseconds: number | undefined;

  constructor(options: ManagerServiceOptions) {
    this.profiles = options.profiles;
    this.secrets = options.secrets;
    this.clock = options.clock ?? systemClock;
    this.fetchFunction = options.fetch;
    this.random = options.random;
    this.timeoutMilliseconds = options.timeoutMilliseconds;
  }

  /** Every saved profile, oldest first. */
  list(): readonly ManagerProfile[] {
    return this.profiles.list();
  }

  /** One profile; `not-found` when it does not exist. */
  get(id: ManagerId): ManagerProfile {
    const profile = this.profiles.get(id);
    if (profile === undefined) throw new CoreError('not-found', `No Manager profile ${id}`);
    return profile;
  }

  /** The active profile, or undefined when none is chosen. */
  active(): ManagerProfile | undefined {
    return this.profiles.getActive();
  }

  /**
   * Saves a new profile. The URL must be http or https; the first profile becomes active.
   * Secret header values go to the SecretStore, only their names to the database.
   */
  async add(input: ManagerProfileInput): Promise<ManagerProfile> {
    const name = input.name.trim();
    if (name === '') throw new CoreError('invalid-argument', 'A Manager profile needs a name');
    const extraHeaders = checkHeaders(input.extraHeaders ?? {});
    const secretHeaders = checkHeaders(input.secretHeaders ?? {});
    const isFirst = this.profiles.list().length === 0;
    const profile: ManagerProfile = {
      id: randomUUID() as ManagerId,
      name,
      url: parseManagerUrl(input.url).href,
      extraHeaders,
      secretHeaderNames: Object.keys(secretHeaders).map((header) => header.toLowerCase()),
      isActive: false,
      createdAt: this.clock.now(),
    };
    for (const [header, value] of Object.entries(secretHeaders)) await this.secrets.set(secretHeaderKey(profile.id, header), value);
    this.profiles.save(profile);
    if (isFirst) this.profiles.setActive(profile.id);
    return this.get(profile.id);
  }

  /** Changes a profile's name, URL or headers. */
  async update(change: ManagerProfileChange): Promise<ManagerProfile> {
    const current = this.get(change.id);
    const name = change.name?.trim() ?? current.name;
    if (name === '') throw new CoreError('invalid-argument', 'A Manager profile needs a name');
    let secretHeaderNames = current.secretHeaderNames;
    if (change.secretHeaders !== undefined) {
      const secretHeaders = checkHeaders(change.secretHeaders);
      const kept = Object.keys(secretHeaders).map((header) => header.toLowerCase());
      for (const header of current.secretHeaderNames) {
        if (!kept.includes(header)) await this.secrets.delete(secretHeaderKey(current.id, header));
      }
      for (const [header, value] of Object.entries(secretHeaders)) await this.secrets.set(secretHeaderKey(current.id, header), value);
      secretHeaderNames = kept;
    }
    this.profiles.save({
      ...current,
      name,
      url: change.url === undefined ? current.url : parseManagerUrl(change.url).href,
      extraHeaders: change.extraHeaders === undefined ? current.extraHeaders : checkHeaders(change.extraHeaders),
      secretHeaderNames,
    });
    return this.get(current.id);
  }

  /** Makes a profile the active one. */
  use(id: ManagerId): ManagerProfile {
    this.get(id);
    this.profiles.setActive(id);
    return this.get(id);
  }

  /** Deletes a profile and its secrets. */
  async remove(id: ManagerId): Promise<void> {
    const profile = this.get(id);
    for (const header of profile.secretHeaderNames) await this.secrets.delete(secretHeaderKey(id, header));
    this.profiles.delete(id);
  }

  /** Every header a profile sends: the plain ones and the secrets. */
  async headersFor(profile: ManagerProfile): Promise<Readonly<Record<string, string>>> {
    const headers: Record<string, string> = { ...profile.extraHeaders };
    for (const header of profile.secretHeaderNames) {
      const value = await this.secrets.get(secretHeaderKey(profile.id, header));
      if (value !== undefined) headers[header] = value;
    }
    return headers;
  }

  /** A client for the Manager of a profile. */
  async clientFor(profile: ManagerProfile): Promise<ManagerClient> {
    return this.clientForUrl(profile.url, await this.headersFor(profile));
  }

  /** A client for the active profile's Manager; `not-found` when no profile is active. */
  async activeClient(): Promise<ManagerClient> {
    const profile = this.active();
    if (profile === undefined) throw new CoreError('not-found', 'No Manager is chosen; add one with "managers add" or in Settings');
    return this.clientFor(profile);
  }

  /** A client for any URL (used by tests of unsaved URLs and by discovery). */
  clientForUrl(url: string, headers: Readonly<Record<string, string>> = {}, timeoutMilliseconds = this.timeoutMilliseconds): ManagerClient {
    return ManagerClient.create({
      baseUrl: url,
      headers,
      clock: this.clock,
      ...(this.fetchFunction === undefined ? {} : { fetch: this.fetchFunction }),
      ...(this.random === undefined ? {} : { random: this.random }),
      ...(timeoutMilliseconds === undefined ? {} : { timeoutMilliseconds }),
    });
  }

  /**
   * Tests that `url` is a Flamenco Manager: `GET /api/v3/version` must answer the version
   * shape. Never throws; the result says what is wrong in words a user can act on.
   */
  async testConnection(url: string, headers: Readonly<Record<string, string>> = {}): Promise<ManagerConnectionTest> {
    try {
      const client = this.clientForUrl(url, headers, connectionTestTimeoutMilliseconds);
      const version = await client.version({ retry: false });
      return { ok: true, url: client.http.baseUrl.href, version };
    } catch (error) {
      return { ok: false, url, error: toAppError(asNotFlamenco(error, url)) };
    }
  }

  /** Tests the Manager of a saved profile, with its headers. */
  async testProfile(id: ManagerId): Promise<ManagerConnectionTest> {
    const profile = this.get(id);
    return this.testConnection(profile.url, await this.headersFor(profile));
  }

  /** Looks for Managers on the LAN (SSDP) and verifies each. */
  async discover(options: Omit<DiscoveryOptions, 'verify'> = {}): Promise<readonly DiscoveredManager[]> {
    return discoverManagers({
      ...options,
      verify: async (url) => {
        const result = await this.testConnection(url);
        return result.ok ? result.version : undefined;
      },
    });
  }
}

/**
 * During a connection test a shape error on `/version` means the server is something else
 * (another JSON API), so it becomes `manager-not-flamenco`.
 */
function asNotFlamenco(error: unknown, url: string): unknown {
  if (error instanceof CoreError && error.code === 'manager-invalid-response') {
    return new CoreError('manager-not-flamenco', `${url} answers, but not like a Flamenco Manager (its /api/v3/version has no Flamenco version)`, {
      ...(error.status === undefined ? {} : { status: error.status }),
      cause: error,
    });
  }
  if (error instanceof CoreError && error.code === 'manager-http' && (error.status === 404 || error.status === 405)) {
    return new CoreError('manager-not-flamenco', `${url} answers, but has no Flamenco API (HTTP ${error.status} for /api/v3/version)`, {
      status: error.status,
      cause: error,
    });
  }
  return error;
}

function checkHeaders(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new CoreError('invalid-argument', `"${name}" is not a valid HTTP header name`);
    if (forbiddenHeaderNames.has(name.toLowerCase())) throw new CoreError('invalid-argument', `The header ${name} cannot be set per Manager`);
    if (/[\r\n]/.test(value)) throw new CoreError('invalid-argument', `The value of header ${name} must be one line`);
    checked[name.toLowerCase()] = value;
  }
  return checked;
}
