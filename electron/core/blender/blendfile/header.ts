import { CoreError } from '../../errors';

/** How the block headers of a file are laid out (names follow Blender's `BHeadType`). */
export type BlockHeaderLayout = 'bhead4' | 'small-bhead8' | 'large-bhead8';

/** The parsed start of an uncompressed .blend. */
export type BlendHeader = {
  /** Bytes taken by the header: 12 for the classic form, 17 for Blender 5's form. */
  readonly size: number;
  readonly pointerSize: 4 | 8;
  readonly littleEndian: boolean;
  /** Blender version that wrote the file, e.g. 304 for 3.4, 500 for 5.0. */
  readonly version: number;
  /** Blender's low level `BLEND_FILE_FORMAT_VERSION`: 0 for the classic header, 1 for the 17-byte one. */
  readonly formatVersion: number;
  readonly blockHeaderLayout: BlockHeaderLayout;
  /** Bytes of one block header in this layout (20, 24 or 32). */
  readonly blockHeaderSize: number;
};

/** Longest header any known form needs; read this many bytes before calling {@link parseHeader}. */
export const maxHeaderSize = 17;

const magic = 'BLENDER';

function isDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/**
 * Parses the file header. Two forms exist (Blender's `BLO_core_blend_header.hh`):
 * - format 0, 12 bytes: `BLENDER`, `-` (8-byte pointers) or `_` (4-byte), `v`/`V` (little/big
 *   endian), three version digits (`BLENDER-v304`);
 * - format 1, 17 bytes (Blender 5.0 and later): `BLENDER`, two digits of header size (`17`), `-`,
 *   two digits of format version (`01`), `v`/`V`, four version digits (`BLENDER17-01v0500`);
 *   always 8-byte pointers with 32-byte block headers (`LargeBHead8`).
 */
export function parseHeader(bytes: Uint8Array): BlendHeader {
  const text = Buffer.from(bytes.subarray(0, maxHeaderSize)).toString('latin1');
  if (!text.startsWith(magic)) throw new CoreError('blend-invalid', 'Not a .blend file: the header does not start with BLENDER.');
  if (text.length < 12) throw new CoreError('blend-invalid', 'The .blend file is truncated inside its header.');
  const seventh = text[7] ?? '';
  if (isDigits(text.slice(7, 9))) {
    const headerSize = Number(text.slice(7, 9));
    if (text.length < 17) throw new CoreError('blend-invalid', 'The .blend file is truncated inside its header.');
    const formatText = text.slice(10, 12);
    const endianMark = text[12];
    const versionText = text.slice(13, 17);
    if (text[9] !== '-' || !isDigits(formatText) || (endianMark !== 'v' && endianMark !== 'V') || !isDigits(versionText)) {
      throw new CoreError('blend-invalid', `Malformed .blend header ${JSON.stringify(text)}.`);
    }
    const formatVersion = Number(formatText);
    if (headerSize !== 17 || formatVersion !== 1) {
      throw new CoreError('blend-unsupported', `Unsupported .blend header form ${JSON.stringify(text)} (header size ${headerSize}, format ${formatVersion}).`, {
        details: { headerSize, formatVersion },
      });
    }
    return {
      size: 17,
      pointerSize: 8,
      littleEndian: endianMark === 'v',
      version: Number(versionText),
      formatVersion,
      blockHeaderLayout: 'large-bhead8',
      blockHeaderSize: 32,
    };
  }
  const endianMark = text[8];
  const versionText = text.slice(9, 12);
  if ((seventh !== '-' && seventh !== '_') || (endianMark !== 'v' && endianMark !== 'V') || !isDigits(versionText)) {
    throw new CoreError('blend-invalid', `Malformed .blend header ${JSON.stringify(text.slice(0, 12))}.`);
  }
  const pointerSize = seventh === '-' ? 8 : 4;
  return {
    size: 12,
    pointerSize,
    littleEndian: endianMark === 'v',
    version: Number(versionText),
    formatVersion: 0,
    blockHeaderLayout: pointerSize === 8 ? 'small-bhead8' : 'bhead4',
    blockHeaderSize: pointerSize === 8 ? 24 : 20,
  };
}

/** `major.minor` text of a header version number: 304 -> `3.4`, 500 -> `5.0`, 279 -> `2.79`. */
export function versionText(version: number): string {
  const major = Math.floor(version / 100);
  const minor = version % 100;
  return major >= 3 ? `${major}.${minor}` : `${major}.${String(minor).padStart(2, '0')}`;
}
