// `node --import ./register.mjs`: makes `import … from 'electron'` load electron-stub.mjs,
// so the built main bundle runs in plain Node (see test/integration/main/main-process.test.ts).
import { register } from 'node:module';

register('./resolve-electron.mjs', import.meta.url);
