import { readAddress, type Address, type BlendBlock, type BlendFile } from './blend-file';
import type { Sdna, SdnaStruct } from './sdna';

/** A pointer inside a struct: where it is and whether it points at an array of pointers. */
type PointerSlot = { readonly offset: number; readonly pointerArray: boolean; readonly type: string };

/**
 * Pointers of the embedded `ID` header that do not express "this data block uses that one":
 * the Main list links, runtime remapping fields and the library (followed separately).
 */
const idLinksToSkip = new Set(['next', 'prev', 'newid', 'orig_id', 'lib', 'py_instance', 'session_uid']);

const slotCache = new WeakMap<Sdna, Map<number, readonly PointerSlot[]>>();

function pointerSlots(sdna: Sdna, struct: SdnaStruct, pointerSize: number): readonly PointerSlot[] {
  let perSdna = slotCache.get(sdna);
  if (perSdna === undefined) {
    perSdna = new Map();
    slotCache.set(sdna, perSdna);
  }
  const cached = perSdna.get(struct.index);
  if (cached !== undefined) return cached;
  const slots: PointerSlot[] = [];
  const collect = (current: SdnaStruct, base: number, depth: number): void => {
    if (depth > 16) return;
    for (const field of current.fields) {
      if (field.isPointer) {
        if (field.declaration.startsWith('(')) continue;
        if (current.name === 'ID' && idLinksToSkip.has(field.name)) continue;
        for (let element = 0; element < field.arrayLength; element += 1) {
          slots.push({ offset: base + field.offset + element * pointerSize, pointerArray: field.pointerDepth >= 2, type: field.type });
        }
        continue;
      }
      const embedded = sdna.structsByName.get(field.type);
      if (embedded === undefined) continue;
      for (let element = 0; element < field.arrayLength; element += 1) collect(embedded, base + field.offset + element * embedded.size, depth + 1);
    }
  };
  collect(struct, 0, 0);
  perSdna.set(struct.index, slots);
  return slots;
}

function readPointer(file: BlendFile, body: Buffer, offset: number): Address {
  return readAddress(body, offset, file.header.pointerSize, file.header.littleEndian);
}

/** True for blocks that hold a data-block (two-letter ID codes, and `ID` link placeholders). */
export function isIdBlock(block: BlendBlock): boolean {
  return block.code.length === 2;
}

/**
 * Every data-block reachable from `start` by following pointers through their data (the same
 * closure Blender's linking "expand" step loads from a library), including `start` itself.
 * Raw data blocks (SDNA index 0) are only read when reached through a `**` pointer, where they
 * hold an array of pointers; a block body that cannot be read ends that branch only.
 */
export function reachableIds(file: BlendFile, start: readonly BlendBlock[]): BlendBlock[] {
  const visited = new Set<number>();
  const ids: BlendBlock[] = [];
  const queue: { block: BlendBlock; pointerArray: boolean; type: string | undefined }[] = start.map((block) => ({ block, pointerArray: false, type: undefined }));
  const pointerSize = file.header.pointerSize;
  while (queue.length > 0) {
    const next = queue.pop();
    if (next === undefined) break;
    const { block } = next;
    if (visited.has(block.index)) continue;
    visited.add(block.index);
    if (isIdBlock(block)) ids.push(block);
    let body: Buffer;
    try {
      body = file.body(block);
    } catch {
      continue;
    }
    const enqueue = (address: Address, pointerArray: boolean, type: string | undefined): void => {
      if (address === 0) return;
      const target = file.blockAt(address);
      if (target !== undefined && !visited.has(target.index)) queue.push({ block: target, pointerArray, type });
    };
    if (next.pointerArray) {
      for (let offset = 0; offset + pointerSize <= body.length; offset += pointerSize) enqueue(readPointer(file, body, offset), false, next.type);
      continue;
    }
    const typed = next.type === undefined ? undefined : file.sdna.structsByName.get(next.type);
    const struct = block.sdnaIndex === 0 ? typed : file.structOf(block);
    if (struct === undefined || struct.size <= 0) continue;
    const slots = pointerSlots(file.sdna, struct, pointerSize);
    if (slots.length === 0) continue;
    const count = Math.floor(body.length / struct.size);
    for (let element = 0; element < count; element += 1) {
      const base = element * struct.size;
      for (const slot of slots) enqueue(readPointer(file, body, base + slot.offset), slot.pointerArray, slot.type);
    }
  }
  return ids;
}
