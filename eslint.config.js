// Lint = style + the layer boundaries. Each layer's `no-restricted-imports` says what to do
// instead, so a stray import explains itself. Per-layer tsconfigs back this up at compile time.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'stream', 'stream/*', 'events', 'worker_threads', 'zlib', 'util', 'dgram', 'buffer'];

const noElectron = { regex: '^electron(/.*)?$', message: 'core and cli never import electron: ask the host for the ability through a port in electron/core/ports.ts.' };
const noMain = { group: ['**/main', '**/main/**'], message: 'Only the Electron shell imports electron/main.' };
const noPreload = { group: ['**/preload', '**/preload/**'], message: 'The preload is its own bundle; share code through electron/common.' };
const noRenderer = { group: ['**/renderer/**'], message: 'The renderer is reached only through the IPC contract (electron/common/ipc/contract.ts).' };
const noCli = { group: ['**/cli', '**/cli/**'], message: 'The CLI is an entry point; put shared logic in electron/core.' };
const noTestSupport = { group: ['**/test/**'], message: 'Test doubles never ship: production code must not import from test/.' };

/** @param {object[]} patterns */
const restrict = (patterns, paths = []) => ['error', { patterns, paths }];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', '.tsbuild/**', '**/generated/**', 'test-results/**', 'electron/core/blender/python/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports (default exports only in .svelte files and config files).' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] }, globals: globals.browser },
  },
  {
    files: ['electron/common/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          { group: nodeBuiltins, message: 'electron/common is pure TypeScript shared with the renderer: no Node. Move Node code to electron/core.' },
          noElectron,
          { group: ['**/core', '**/core/**'], message: 'common cannot depend on core; move the shared type into electron/common.' },
          noMain,
          noPreload,
          noRenderer,
          noCli,
          noTestSupport,
        ],
      ),
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([noElectron, noMain, noPreload, noRenderer, noCli, noTestSupport]),
      'no-restricted-globals': ['error', ...['window', 'document', 'navigator', 'localStorage'].map((name) => ({ name, message: 'core runs in Node: there is no DOM. Ask the renderer through the contract.' }))],
    },
  },
  {
    files: ['electron/cli/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': restrict([noElectron, noMain, noPreload, noRenderer, noTestSupport]) },
  },
  {
    files: ['electron/main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/core/bridge', '**/core/bridge/**'], message: 'The packaged app never starts the loopback bridge; it is for tests and headless use.' },
        noPreload,
        noRenderer,
        noCli,
        noTestSupport,
      ]),
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': restrict([
        { group: nodeBuiltins, message: 'The preload is sandboxed: no Node modules. Ask main through the contract.' },
        { group: ['**/core', '**/core/**', '**/common/domain/**'], message: 'The preload only needs electron/common/ipc.' },
        noMain,
        noRenderer,
        noCli,
      ]),
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-globals': ['error', ...['process', 'require', 'Buffer', '__dirname', '__filename', 'global'].map((name) => ({ name, message: 'The renderer has no Node: ask core through lib/ipc.ts and the contract.' }))],
      'no-restricted-imports': restrict([
        { group: nodeBuiltins, message: 'The renderer has no Node: ask core through lib/ipc.ts and the contract.' },
        noElectron,
        { group: ['**/electron/core', '**/electron/core/**'], message: 'The renderer reaches core only through the IPC contract (renderer/src/lib/ipc.ts).' },
        noMain,
        noPreload,
        noCli,
        noTestSupport,
      ]),
    },
  },
  {
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.{ts,mjs,js}', '*.config.{ts,js,mjs}', 'electron.vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['*.config.{ts,js,mjs}', 'electron.vite.config.ts', 'scripts/**/*.{ts,mjs,js}'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
