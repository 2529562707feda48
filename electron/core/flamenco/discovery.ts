import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { networkInterfaces as systemNetworkInterfaces } from 'node:os';
import type { DiscoveredManager, ManagerVersion } from '../../common/domain/manager';
import type { Clock } from '../ports';
import { systemClock } from '../ports';

/**
 * LAN discovery of Flamenco Managers with SSDP (MANAGER-FACTS "Discovery on the LAN").
 *
 * Raw `node:dgram` instead of `@achingbrain/ssdp`, because that package (4.2) cannot do
 * this job: it de-duplicates services by USN, but every Flamenco Manager announces the same
 * USN UUID, so a second Manager would never be reported; it calls `addMembership` on the
 * search address, so it cannot send M-SEARCH to a unicast responder on 127.0.0.1 (the test
 * double); it binds port 1900 and fetches each LOCATION's description XML, neither needed
 * here; and its search timer cannot take an injected clock.
 */

/** The SSDP service type of a Flamenco Manager. */
export const flamencoServiceType = 'urn:flamenco:manager:0';

/** The SSDP multicast group and port. */
export const ssdpMulticastTarget = { address: '239.255.255.250', port: 1900 } as const;

/** Options of {@link discoverManagers}. */
export type DiscoveryOptions = {
  /** How long to search, in milliseconds (default 4000: MX is 3 seconds). */
  readonly timeoutMilliseconds?: number;
  /** M-SEARCH is repeated this often (default every second). */
  readonly searchIntervalMilliseconds?: number;
  /** Where M-SEARCH goes; default the SSDP multicast group. Tests aim at a loopback responder. */
  readonly target?: { readonly address: string; readonly port: number };
  readonly clock?: Clock;
  /** Checks a candidate base URL (`GET /api/v3/version`); undefined = not a Manager. */
  readonly verify: (url: string) => Promise<ManagerVersion | undefined>;
  /** Told about each verified Manager as soon as it is found. */
  readonly onFound?: (manager: DiscoveredManager) => void;
  /** Stops the search early; what was found so far is returned. */
  readonly signal?: AbortSignal;
  /** The machine's network interfaces (injected so "no network" can be tested). */
  readonly networkInterfaces?: () => NodeJS.Dict<readonly { readonly family: string; readonly internal: boolean }[]>;
};

/** The M-SEARCH request for Flamenco Managers. */
export function searchMessage(target: { readonly address: string; readonly port: number }): Buffer {
  return Buffer.from(
    ['M-SEARCH * HTTP/1.1', `HOST: ${target.address}:${target.port}`, 'MAN: "ssdp:discover"', 'MX: 3', `ST: ${flamencoServiceType}`, '', ''].join('\r\n'),
  );
}

/**
 * The Manager base URL in an SSDP answer, or undefined when the answer is not a Flamenco
 * Manager's. LOCATION points at `/upnp/description.xml`; the API is at the root.
 */
export function managerUrlFromAnswer(message: string): string | undefined {
  const [statusLine, ...lines] = message.split(/\r?\n/);
  if (statusLine === undefined || !/^HTTP\/1\.[01] 200\b/i.test(statusLine.trim()) && !/^NOTIFY \* HTTP\/1\.[01]/i.test(statusLine.trim())) {
    return undefined;
  }
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const serviceType = headers.get('st') ?? headers.get('nt');
  const location = headers.get('location');
  if (serviceType !== flamencoServiceType || location === undefined) return undefined;
  try {
    const url = new URL(location);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.pathname = '/';
    url.search = '';
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * Searches the LAN for Flamenco Managers until the timeout (or `signal`), verifying each
 * answer with `verify`, de-duplicated by URL. Never throws: no network gives an empty list.
 */
export async function discoverManagers(options: DiscoveryOptions): Promise<readonly DiscoveredManager[]> {
  const clock = options.clock ?? systemClock;
  const target = options.target ?? ssdpMulticastTarget;
  const interfaces = (options.networkInterfaces ?? systemNetworkInterfaces)();
  const hasIpv4 = Object.values(interfaces).some((addresses) => addresses?.some((address) => address.family === 'IPv4') === true);
  if (!hasIpv4 || options.signal?.aborted === true) return [];

  const socket = await openSocket();
  if (socket === undefined) return [];

  const found: DiscoveredManager[] = [];
  const seen = new Set<string>();
  const verifications: Promise<void>[] = [];
  const message = searchMessage(target);

  socket.on('message', (data) => {
    const url = managerUrlFromAnswer(data.toString('utf8'));
    if (url === undefined || seen.has(url)) return;
    seen.add(url);
    verifications.push(
      options
        .verify(url)
        .then((version) => {
          if (version === undefined) return;
          const manager: DiscoveredManager = { url, version };
          found.push(manager);
          options.onFound?.(manager);
        })
        .catch(() => undefined),
    );
  });

  await new Promise<void>((resolve) => {
    let searchTimer: { cancel(): void } | undefined;
    const search = (): void => {
      // A send error (no route to the multicast group, network gone) is not fatal: keep
      // listening until the timeout.
      socket.send(message, target.port, target.address, () => undefined);
      searchTimer = clock.setTimeout(search, options.searchIntervalMilliseconds ?? 1_000);
    };
    const finish = (): void => {
      deadline.cancel();
      searchTimer?.cancel();
      options.signal?.removeEventListener('abort', finish);
      resolve();
    };
    const deadline = clock.setTimeout(finish, options.timeoutMilliseconds ?? 4_000);
    if (options.signal?.aborted === true) {
      finish();
      return;
    }
    options.signal?.addEventListener('abort', finish, { once: true });
    search();
  });

  socket.removeAllListeners('message');
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  await Promise.all(verifications);
  return [...found];
}

function openSocket(): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: 'udp4' });
    const onError = (): void => {
      try {
        socket.close();
      } catch {
        // The socket never opened; nothing to close.
      }
      resolve(undefined);
    };
    socket.once('error', onError);
    socket.bind(0, () => {
      socket.off('error', onError);
      // Errors after binding (e.g. ICMP unreachable) must not crash the process.
      socket.on('error', () => undefined);
      try {
        socket.setMulticastTTL(2);
      } catch {
        // Not fatal: unicast targets do not need it.
      }
      resolve(socket);
    });
  });
}
