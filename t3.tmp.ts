import { readSceneFacts } from './electron/core/blender/blendfile/scene-facts';
for (const f of process.argv.slice(2)) console.log(f, JSON.stringify(await readSceneFacts(f)));
