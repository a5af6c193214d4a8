// The application menu. Its commands go to the page, which owns what they do.
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../renderer/client/types';

/** `backups` opens the system's dialogs for a backup and a restore (main.ts). */
export function buildMenu(send: (command: MenuCommand) => void, dataFolder: string, backups: { backUp: () => void; restore: () => void }): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import files…', accelerator: 'CmdOrCtrl+O', click: () => send('import') },
        { label: 'Export invoice…', accelerator: 'CmdOrCtrl+E', click: () => send('export') },
        { type: 'separator' },
        { label: 'Back up…', click: backups.backUp },
        { label: 'Restore…', click: backups.restore },
        { label: 'Open data folder', click: () => void shell.openPath(dataFolder) },
        { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: () => send('settings') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [{ label: `About Flex Billing`, click: () => send('about') }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
