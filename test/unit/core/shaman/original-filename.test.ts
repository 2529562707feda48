import { describe, expect, it } from 'vitest';
import { encodeOriginalFilename } from '../../../../electron/core/shaman/shaman-client';

function decode(word: string): string {
  const match = /^=\?utf-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(word);
  if (match === null) throw new Error(`not one encoded word: ${word}`);
  return Buffer.from(match[1] ?? '', 'base64').toString('utf8');
}

describe('encodeOriginalFilename', () => {
  it('makes one RFC 2047 word that decodes back when the name is not ASCII', () => {
    const name = 'textures/Straße/日本語 ñ.png';
    expect(decode(encodeOriginalFilename(name))).toBe(name);
  });

  it('never folds, even when the name is very long', () => {
    const encoded = encodeOriginalFilename(`${'deep/'.repeat(100)}file.png`);
    expect({ newline: /[\r\n]/.test(encoded), decoded: decode(encoded) }).toEqual({ newline: false, decoded: `${'deep/'.repeat(100)}file.png` });
  });
});
