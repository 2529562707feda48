import { createSocket, type RemoteInfo } from 'node:dgram';

/** Service type every Flamenco Manager announces (upnp_ssdp.go). */
export const flamencoServiceType = 'urn:flamenco:manager:0';
/** Every Manager uses this same UUID in its USN, so tell Managers apart by URL. */
export const flamencoUuid = 'aa80bc5f-d0af-46b8-8630-23bd7e80ec4d';

/** Options of {@link startSsdpResponder}. */
export type SsdpResponderOptions = {
  /** UDP port to listen on, on 127.0.0.1 (default: random; real SSDP uses 1900). */
  readonly port?: number;
  /** LOCATION to answer, e.g. `${double.url}/upnp/description.xml`. */
  readonly location: string;
  /** Extra LOCATIONs, one answer each (a Manager answers once per network interface). */
  readonly extraLocations?: readonly string[];
};

/** A search the responder received. */
export type SsdpSearch = { readonly from: string; readonly port: number; readonly searchTarget: string; readonly answered: boolean };

/** A running responder. */
export type SsdpResponder = {
  readonly port: number;
  readonly searches: readonly SsdpSearch[];
  close(): Promise<void>;
};

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1';
}

function headerOf(message: string, name: string): string | undefined {
  for (const line of message.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return undefined;
}

/**
 * Answers SSDP `M-SEARCH` for `urn:flamenco:manager:0` (or `ssdp:all`) like a Manager, but
 * only on loopback: it binds 127.0.0.1 and unicasts answers back to loopback searchers only,
 * so discovery tests need no network and never send a packet off the machine.
 */
export async function startSsdpResponder(options: SsdpResponderOptions): Promise<SsdpResponder> {
  const socket = createSocket({ type: 'udp4', reuseAddr: false });
  const searches: SsdpSearch[] = [];
  const locations = [options.location, ...(options.extraLocations ?? [])];

  socket.on('message', (buffer: Buffer, remote: RemoteInfo) => {
    const message = buffer.toString('utf8');
    if (!message.startsWith('M-SEARCH * HTTP/1.1')) return;
    const searchTarget = headerOf(message, 'st') ?? '';
    const relevant = searchTarget === flamencoServiceType || searchTarget === 'ssdp:all';
    const answered = relevant && isLoopback(remote.address) && headerOf(message, 'man') === '"ssdp:discover"';
    searches.push({ from: remote.address, port: remote.port, searchTarget, answered });
    if (!answered) return;
    for (const location of locations) {
      const answer = [
        'HTTP/1.1 200 OK',
        'CACHE-CONTROL: max-age=3600',
        'EXT:',
        `LOCATION: ${location}`,
        'SERVER: Flamenco Manager double UPnP/1.0',
        `ST: ${flamencoServiceType}`,
        `USN: uuid:${flamencoUuid}::${flamencoServiceType}`,
        '',
        '',
      ].join('\r\n');
      socket.send(answer, remote.port, remote.address);
    }
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });

  return {
    port: socket.address().port,
    searches,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
