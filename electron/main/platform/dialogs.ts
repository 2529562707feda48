import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { Dialogs } from '../../core/ports';

/** Electron's `dialog.showOpenDialog`, bound to the main window when there is one. */
export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

/** The file/folder choosers core asks for. */
export function nativeDialogs(showOpenDialog: ShowOpenDialog): Dialogs {
  return {
    async chooseFiles(request) {
      const extensions = request.extensions ?? [];
      const result = await showOpenDialog({
        title: request.title,
        properties: request.multiple === true ? ['openFile', 'multiSelections'] : ['openFile'],
        filters: extensions.length === 0 ? [] : [{ name: extensions.map((extension) => `.${extension}`).join(', '), extensions: [...extensions] }],
      });
      return result.canceled ? [] : result.filePaths;
    },
    async chooseDirectory(request) {
      const result = await showOpenDialog({ title: request.title, properties: ['openDirectory', 'createDirectory'] });
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
