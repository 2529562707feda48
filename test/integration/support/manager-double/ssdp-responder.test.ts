import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { flamencoServiceType, flamencoUuid, startSsdpResponder, useManagerDouble } from '../../../support/manager-double/index';

/** Sends one M-SEARCH per target from one socket (in order) and resolves with the first answer. */
function search(port: number, ...searchTargets: string[]): Promise<string> {
  const socket = createSocket('udp4');
  return new Promise<string>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('message', (message: Buffer) => {
      socket.close();
      resolve(message.toString('utf8'));
    });
    socket.bind(0, '127.0.0.1', () => {
      for (const searchTarget of searchTargets) {
        const request = ['M-SEARCH * HTTP/1.1', 'HOST: 239.255.255.250:1900', 'MAN: "ssdp:discover"', 'MX: 3', `ST: ${searchTarget}`, '', ''].join('\r\n');
        socket.send(request, port, '127.0.0.1');
      }
    });
  });
}

describe('startSsdpResponder', () => {
  const manager = useManagerDouble();

  it('answers an M-SEARCH for Flamenco Managers on loopback with the description location', async () => {
    const double = manager();
    const location = `${double.url}/upnp/description.xml`;
    const responder = await startSsdpResponder({ location });
    try {
      const answer = await search(responder.port, flamencoServiceType);
      const headers = Object.fromEntries(answer.split('\r\n').slice(1).filter((line) => line.includes(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
      const description = await (await fetch(location)).text();
      expect(answer.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
      expect([headers['LOCATION'], headers['ST'], headers['USN']]).toEqual([location, flamencoServiceType, `uuid:${flamencoUuid}::${flamencoServiceType}`]);
      expect(description).toContain('<deviceType>urn:flamenco:manager:0</deviceType>');
      expect(responder.searches.map((entry) => [entry.from, entry.searchTarget, entry.answered])).toEqual([['127.0.0.1', flamencoServiceType, true]]);
    } finally {
      await responder.close();
    }
  });

  it('ignores searches for other services', async () => {
    const responder = await startSsdpResponder({ location: 'http://127.0.0.1:1/upnp/description.xml' });
    try {
      await search(responder.port, 'urn:schemas-upnp-org:device:MediaServer:1', flamencoServiceType);
      expect(responder.searches.map((entry) => [entry.searchTarget, entry.answered])).toEqual([
        ['urn:schemas-upnp-org:device:MediaServer:1', false],
        [flamencoServiceType, true],
      ]);
    } finally {
      await responder.close();
    }
  });
});
