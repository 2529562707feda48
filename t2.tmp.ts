import { traceDependencies } from './electron/core/blender/blendfile';
for (const f of process.argv.slice(2)) {
  const d = await traceDependencies(f);
  console.log('==', f.replace('/work/shared/blendfiles-modern/', ''), d.length);
  for (const x of d.slice(0, 8)) console.log(' ', x.kind, x.block, JSON.stringify(x.storedPath), x.absolutePath.replace('/work/shared/blendfiles-modern/', ''), x.exists);
}
