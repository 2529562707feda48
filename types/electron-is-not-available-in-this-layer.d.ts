// Layers other than electron/main and electron/preload map 'electron' here (tsconfig
// `paths`), so `import { app } from 'electron'` fails to compile in core, cli, common and the
// renderer: those layers get host abilities through core's ports instead.
export type ElectronIsNotAvailableInThisLayer = never;
