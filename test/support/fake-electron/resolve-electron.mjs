// Module resolution hook: 'electron' is the stub; everything else resolves as usual.
import { URL } from 'node:url';

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: new URL('./electron-stub.mjs', import.meta.url).href, shortCircuit: true };
  return nextResolve(specifier, context);
}
