import { openBlendFile, traceDependencies, readSceneFacts } from './electron/core/blender/blendfile';
const f = process.argv[2]!;
for (let i = 0; i < 5; i++) {
  let t = performance.now(); const b = await openBlendFile(f); const o = performance.now() - t; await b.close();
  t = performance.now(); await traceDependencies(f); const tr = performance.now() - t;
  t = performance.now(); await readSceneFacts(f); const fa = performance.now() - t;
  console.log(b.blocks.length, o.toFixed(1), tr.toFixed(1), fa.toFixed(1));
}
