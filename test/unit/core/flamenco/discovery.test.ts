import { describe, expect, it } from 'vitest';
import { discoverManagers, managerUrlFromAnswer, searchMessage } from '../../../../electron/core/flamenco/discovery';

describe('searchMessage', () => {
  it('is the M-SEARCH the Flamenco add-on sends', () => {
    expect(searchMessage({ address: '239.255.255.250', port: 1900 }).toString()).toBe(
      'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 3\r\nST: urn:flamenco:manager:0\r\n\r\n',
    );
  });
});

describe('managerUrlFromAnswer', () => {
  it('turns LOCATION into the base URL', () => {
    const answer = 'HTTP/1.1 200 OK\r\nST: urn:flamenco:manager:0\r\nLOCATION: http://192.168.1.5:8080/upnp/description.xml\r\nUSN: uuid:x\r\n\r\n';

    expect(managerUrlFromAnswer(answer)).toBe('http://192.168.1.5:8080/');
  });

  it('ignores other services, missing locations and non-answers', () => {
    expect([
      managerUrlFromAnswer('HTTP/1.1 200 OK\r\nST: urn:schemas-upnp-org:device:MediaServer:1\r\nLOCATION: http://x/\r\n\r\n'),
      managerUrlFromAnswer('HTTP/1.1 200 OK\r\nST: urn:flamenco:manager:0\r\n\r\n'),
      managerUrlFromAnswer('M-SEARCH * HTTP/1.1\r\nST: urn:flamenco:manager:0\r\nLOCATION: http://x/\r\n\r\n'),
      managerUrlFromAnswer('HTTP/1.1 200 OK\r\nST: urn:flamenco:manager:0\r\nLOCATION: file:///etc/passwd\r\n\r\n'),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('discoverManagers', () => {
  it('returns an empty list without a network', async () => {
    const found = await discoverManagers({ networkInterfaces: () => ({}), verify: async () => undefined });

    expect(found).toEqual([]);
  });
});
