import { createHash } from 'node:crypto';
import { CoreError } from '../../errors';

/** One member of a DNA struct, with its place in the struct. */
export type SdnaField = {
  /** Type name, e.g. `char`, `float`, `ListBase`, `Image`. */
  readonly type: string;
  /** The name as stored in DNA, e.g. `*next`, `name[66]`, `(*func)()`. */
  readonly declaration: string;
  /** The bare name used for look-ups, e.g. `next`, `name`, `func`. */
  readonly name: string;
  readonly isPointer: boolean;
  /** Count of `*` in the declaration (2 for `**mat`). */
  readonly pointerDepth: number;
  /** Product of all array dimensions (1 when not an array). */
  readonly arrayLength: number;
  /** Array dimensions, outermost first; empty when not an array. */
  readonly dimensions: readonly number[];
  /** Bytes of one element (pointer size for pointers). */
  readonly elementSize: number;
  readonly offset: number;
  readonly size: number;
};

/** One DNA struct with its fields by bare name. */
export type SdnaStruct = {
  readonly index: number;
  readonly name: string;
  readonly size: number;
  readonly fields: readonly SdnaField[];
  readonly fieldsByName: ReadonlyMap<string, SdnaField>;
};

/** The parsed `DNA1` block: the file's own description of every struct it stores. */
export type Sdna = {
  readonly names: readonly string[];
  readonly types: readonly string[];
  readonly typeSizes: readonly number[];
  readonly structs: readonly SdnaStruct[];
  readonly structsByName: ReadonlyMap<string, SdnaStruct>;
};

function invalid(message: string): CoreError {
  return new CoreError('blend-invalid', `The .blend file's DNA block is corrupt: ${message}`);
}

/** Splits a DNA member name into bare name, pointer depth, array dimensions. */
export function parseDeclaration(declaration: string): { name: string; pointerDepth: number; isFunction: boolean; dimensions: number[] } {
  const isFunction = declaration.startsWith('(');
  const match = /^\(?(\**)([A-Za-z0-9_]*)\)?/.exec(declaration);
  const stars = match?.[1] ?? '';
  const name = match?.[2] ?? declaration;
  const dimensions: number[] = [];
  for (const dimension of declaration.matchAll(/\[(\d+)\]/g)) dimensions.push(Number(dimension[1]));
  return { name, pointerDepth: stars.length, isFunction, dimensions };
}

/** Recently parsed DNA by content: files saved by one Blender version share it (a file and its libraries). */
const recent = new Map<string, Sdna>();
const recentLimit = 8;

/** {@link parseSdna} with a small cache keyed by the block's content, byte order and pointer size. */
export function parseSdnaCached(body: Buffer, littleEndian: boolean, pointerSize: 4 | 8): Sdna {
  const key = `${createHash('sha1').update(body).digest('hex')}:${String(littleEndian)}:${pointerSize}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  const parsed = parseSdna(body, littleEndian, pointerSize);
  if (recent.size >= recentLimit) {
    const oldest = recent.keys().next().value;
    if (oldest !== undefined) recent.delete(oldest);
  }
  recent.set(key, parsed);
  return parsed;
}

/**
 * Parses the body of the `DNA1` block (`SDNA`, `NAME`, `TYPE`, `TLEN`, `STRC` sections, each
 * 4-byte aligned) and lays out every struct. Every count and index is checked against the block
 * size before anything is allocated.
 */
export function parseSdna(body: Buffer, littleEndian: boolean, pointerSize: 4 | 8): Sdna {
  let position = 0;
  const int32 = (): number => {
    if (position + 4 > body.length) throw invalid('it ends early');
    const value = littleEndian ? body.readInt32LE(position) : body.readInt32BE(position);
    position += 4;
    return value;
  };
  const int16 = (): number => {
    if (position + 2 > body.length) throw invalid('it ends early');
    const value = littleEndian ? body.readUInt16LE(position) : body.readUInt16BE(position);
    position += 2;
    return value;
  };
  const tag = (expected: string): void => {
    if (position + 4 > body.length || body.toString('latin1', position, position + 4) !== expected) throw invalid(`section ${expected} missing`);
    position += 4;
  };
  const align = (): void => {
    position = (position + 3) & ~3;
  };
  const strings = (count: number): string[] => {
    // Each string takes at least one byte: a count beyond the remaining bytes is corrupt.
    if (count < 0 || count > body.length - position) throw invalid(`string count ${count} too large`);
    const result: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const end = body.indexOf(0, position);
      if (end < 0) throw invalid('unterminated name');
      result.push(body.toString('latin1', position, end));
      position = end + 1;
    }
    return result;
  };

  tag('SDNA');
  tag('NAME');
  const names = strings(int32());
  // Many fields share a name: split each name once.
  const declarations = names.map((name) => parseDeclaration(name));
  align();
  tag('TYPE');
  const types = strings(int32());
  align();
  tag('TLEN');
  if (types.length * 2 > body.length - position) throw invalid('type lengths ends early');
  const typeSizes = types.map(() => int16());
  align();
  tag('STRC');
  const structCount = int32();
  if (structCount < 0 || structCount * 4 > body.length - position) throw invalid(`struct count ${structCount} too large`);
  const structs: SdnaStruct[] = [];
  const structsByName = new Map<string, SdnaStruct>();
  for (let index = 0; index < structCount; index += 1) {
    const typeIndex = int16();
    const fieldCount = int16();
    const structName = types[typeIndex];
    if (structName === undefined) throw invalid(`struct type index ${typeIndex} out of range`);
    if (fieldCount * 4 > body.length - position) throw invalid(`field count ${fieldCount} too large`);
    const fields: SdnaField[] = [];
    const fieldsByName = new Map<string, SdnaField>();
    let offset = 0;
    for (let fieldIndex = 0; fieldIndex < fieldCount; fieldIndex += 1) {
      const fieldType = int16();
      const fieldName = int16();
      const type = types[fieldType];
      const declaration = names[fieldName];
      const parsed = declarations[fieldName];
      const typeSize = typeSizes[fieldType];
      if (type === undefined || declaration === undefined || parsed === undefined || typeSize === undefined) throw invalid(`field of ${structName} out of range`);
      const isPointer = parsed.pointerDepth > 0 || parsed.isFunction;
      const arrayLength = parsed.dimensions.reduce((product, dimension) => product * dimension, 1);
      const elementSize = isPointer ? pointerSize : typeSize;
      const field: SdnaField = {
        type,
        declaration,
        name: parsed.name,
        isPointer,
        pointerDepth: parsed.isFunction ? 1 : parsed.pointerDepth,
        arrayLength,
        dimensions: parsed.dimensions,
        elementSize,
        offset,
        size: elementSize * arrayLength,
      };
      offset += field.size;
      fields.push(field);
      if (!fieldsByName.has(field.name)) fieldsByName.set(field.name, field);
    }
    const size = typeSizes[typeIndex] ?? 0;
    // makesdna packs fields back to back, so they fill the struct exactly; a sum beyond the
    // declared size means corrupt DNA (and would let views read past their block).
    if (offset > size) throw invalid(`fields of ${structName} take ${offset} bytes, more than its size ${size}`);
    const struct: SdnaStruct = { index, name: structName, size, fields, fieldsByName };
    structs.push(struct);
    if (!structsByName.has(structName)) structsByName.set(structName, struct);
  }
  return { names, types, typeSizes, structs, structsByName };
}
