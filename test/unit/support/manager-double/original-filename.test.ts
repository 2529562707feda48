import { describe, expect, it } from 'vitest';
import { checkOriginalFilename, parseGoBool } from '../../../support/manager-double/index';

describe('checkOriginalFilename', () => {
  it('accepts ASCII and RFC 2047 UTF-8 encoded words', () => {
    expect([checkOriginalFilename('shot.blend'), checkOriginalFilename('=?utf-8?b?xaFvdC5ibGVuZA==?='), checkOriginalFilename('=?UTF-8?q?=C5=A1ot.blend?=')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('rejects raw non-ASCII, folded values, other charsets and bad base64', () => {
    expect([
      checkOriginalFilename('šot.blend'),
      checkOriginalFilename('=?utf-8?q?a?=\r\n =?utf-8?q?b?='),
      checkOriginalFilename('=?iso-8859-1?q?a?='),
      checkOriginalFilename('=?utf-8?b?!!?='),
    ]).toEqual(['not ASCII and not RFC 2047 encoded', 'folded header', 'charset must be UTF-8, not iso-8859-1', 'bad base64 in =?utf-8?b?!!?=']);
  });
});

describe('parseGoBool', () => {
  it('parses like strconv.ParseBool', () => {
    expect(['true', 'True', '1', 't', 'false', '0', 'F', 'yes'].map(parseGoBool)).toEqual([true, true, true, true, false, false, false, undefined]);
  });
});
