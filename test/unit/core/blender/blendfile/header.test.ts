import { describe, expect, it } from 'vitest';
import { parseHeader, versionText } from '../../../../../electron/core/blender/blendfile/header';
import { CoreError } from '../../../../../electron/core/errors';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof CoreError ? error.code : 'not a CoreError';
  }
  return 'no error';
}

describe('parseHeader', () => {
  it('reads the classic 12-byte header with 64-bit pointers and little-endian data', () => {
    expect(parseHeader(Buffer.from('BLENDER-v304'))).toEqual({
      size: 12,
      pointerSize: 8,
      littleEndian: true,
      version: 304,
      formatVersion: 0,
      blockHeaderLayout: 'small-bhead8',
      blockHeaderSize: 24,
    });
  });

  it('reads the classic header of a 32-bit big-endian file', () => {
    expect(parseHeader(Buffer.from('BLENDER_V279'))).toEqual({
      size: 12,
      pointerSize: 4,
      littleEndian: false,
      version: 279,
      formatVersion: 0,
      blockHeaderLayout: 'bhead4',
      blockHeaderSize: 20,
    });
  });

  it('reads the 17-byte header Blender 5 writes', () => {
    expect(parseHeader(Buffer.from('BLENDER17-01v0502'))).toEqual({
      size: 17,
      pointerSize: 8,
      littleEndian: true,
      version: 502,
      formatVersion: 1,
      blockHeaderLayout: 'large-bhead8',
      blockHeaderSize: 32,
    });
  });

  it('rejects input that is not a .blend, a truncated header and a malformed one as blend-invalid', () => {
    expect([
      codeOf(() => parseHeader(Buffer.from('PNG\r\n\x1a\n....'))),
      codeOf(() => parseHeader(Buffer.from('BLENDER-v3'))),
      codeOf(() => parseHeader(Buffer.from('BLENDER*v304'))),
      codeOf(() => parseHeader(Buffer.from('BLENDER17-01v05'))),
    ]).toEqual(['blend-invalid', 'blend-invalid', 'blend-invalid', 'blend-invalid']);
  });

  it('reports a newer header form as blend-unsupported', () => {
    expect([codeOf(() => parseHeader(Buffer.from('BLENDER17-02v0600'))), codeOf(() => parseHeader(Buffer.from('BLENDER18-01v0600')))]).toEqual([
      'blend-unsupported',
      'blend-unsupported',
    ]);
  });
});

describe('versionText', () => {
  it('writes versions the way Blender names them', () => {
    expect([versionText(279), versionText(280), versionText(304), versionText(405), versionText(500)]).toEqual(['2.79', '2.80', '3.4', '4.5', '5.0']);
  });
});
