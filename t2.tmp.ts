import { traceDependencies } from './electron/core/blender/blendfile/trace';
for (const f of process.argv.slice(2)) {
  try {
    const d = await traceDependencies(f);
    console.log('==', f);
    for (const x of d) console.log(' ', x.kind, x.block, JSON.stringify(x.storedPath), x.absolutePath, x.exists, x.packed, x.fromFile.replace('/work/shared/', ''));
  } catch (e) { console.log('ERR', f, e); }
}
