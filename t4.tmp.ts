import { openBlendFile } from './electron/core/blender/blendfile/blend-file';
const f = await openBlendFile(process.argv[2]!);
const b = f.blocksWithCode('LI')[0]!; console.log(f.structOf(b)?.fields.map(x=>`${x.type} ${x.declaration}@${x.offset}`), b.size, b.address);
await f.close();
