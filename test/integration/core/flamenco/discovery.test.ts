import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiscoveredManager } from '../../../../electron/common/domain/manager';
import { discoverManagers } from '../../../../electron/core/flamenco/discovery';
import { ManagerClient } from '../../../../electron/core/flamenco/manager-client';
import { ManualClock } from '../../../support/flamenco/manual-clock';
import type { ManagerDouble, SsdpResponder } from '../../../support/manager-double';
import { startManagerDouble, startSsdpResponder, useManagerDouble } from '../../../support/manager-double';

const manager = useManagerDouble({ name: 'First Farm', version: '3.9' });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function responder(location: string, extraLocations: readonly string[] = []): Promise<SsdpResponder> {
  const started = await startSsdpResponder({ location, extraLocations });
  cleanups.push(() => started.close());
  return started;
}

async function verify(url: string) {
  try {
    return await ManagerClient.create({ baseUrl: url, retry: { attempts: 1, baseDelayMilliseconds: 1, maxDelayMilliseconds: 1 } }).version();
  } catch {
    return undefined;
  }
}

describe('discoverManagers against loopback SSDP responders', () => {
  it('finds a Manager, de-duplicates repeated answers, repeats M-SEARCH every second and stops at the timeout', async () => {
    const ssdp = await responder(`${manager().url}/upnp/description.xml`, [`${manager().url}/upnp/description.xml`]);
    const clock = new ManualClock();
    const found: DiscoveredManager[] = [];

    const discovery = discoverManagers({ clock, target: { address: '127.0.0.1', port: ssdp.port }, verify, onFound: (entry) => found.push(entry), timeoutMilliseconds: 3_000 });
    await new Promise<void>((resolve) => {
      const check = (): void => (found.length > 0 ? resolve() : void setImmediate(check));
      check();
    });
    clock.advance(1_000);
    await vi.waitFor(() => expect(ssdp.searches.length).toBe(2));
    clock.advance(1_000);
    await vi.waitFor(() => expect(ssdp.searches.length).toBe(3));
    clock.advance(1_000);
    const result = await discovery;

    expect(result).toEqual([{ url: `${manager().url}/`, version: { version: '3.9', shortVersion: expect.any(String), name: 'First Farm', git: expect.any(String) } }]);
    expect(ssdp.searches.every((search) => search.searchTarget === 'urn:flamenco:manager:0' && search.answered)).toBe(true);
  });

  it('finds several Managers and skips answers that are not Flamenco', async () => {
    const second: ManagerDouble = await startManagerDouble({ name: 'Second Farm', version: '3.8' });
    cleanups.push(async () => {
      await second.close();
      second.assertNoSpecViolations();
    });
    const ssdp = await responder(`${manager().url}/upnp/description.xml`, [`${second.url}/upnp/description.xml`, 'http://127.0.0.1:9/upnp/description.xml']);
    const clock = new ManualClock();
    let verified = 0;

    const discovery = discoverManagers({
      clock,
      target: { address: '127.0.0.1', port: ssdp.port },
      verify: async (url) => {
        const version = await verify(url);
        verified += 1;
        return version;
      },
    });
    await new Promise<void>((resolve) => {
      const check = (): void => (verified >= 3 ? resolve() : void setImmediate(check));
      check();
    });
    clock.advance(4_000);
    const result = await discovery;

    expect(result.map((entry) => [entry.url, entry.version.name]).sort()).toEqual(
      [
        [`${manager().url}/`, 'First Farm'],
        [`${second.url}/`, 'Second Farm'],
      ].sort(),
    );
  });

  it('ends with an empty list when nobody answers', async () => {
    const clock = new ManualClock();
    const ssdp = await startSsdpResponder({ location: `${manager().url}/upnp/description.xml` });
    await ssdp.close();

    const discovery = discoverManagers({ clock, target: { address: '127.0.0.1', port: ssdp.port }, verify });
    await clock.whenTimer((delay) => delay === 4_000);
    clock.advance(4_000);

    expect(await discovery).toEqual([]);
  });

  it('stops early when aborted', async () => {
    const controller = new AbortController();
    const ssdp = await responder(`${manager().url}/upnp/description.xml`);

    const discovery = discoverManagers({ clock: new ManualClock(), target: { address: '127.0.0.1', port: ssdp.port }, verify, signal: controller.signal });
    controller.abort();

    expect(await discovery).toEqual([]);
  });
});
