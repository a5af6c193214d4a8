import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from '../../main/window-state';
import { tempDir } from '../helpers/tmp';

const screenA = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('comes back as saved when its place is on a screen, without the place when it is not', () => {
    const file = path.join(tempDir(), 'w', 'window-state.json');
    saveWindowState(file, { x: 100, y: 50, width: 1000, height: 700 }, true);
    expect(loadWindowState(file, screenA)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file, [{ x: 3000, y: 0, width: 800, height: 600 }])).toEqual({ width: 1000, height: 700, maximized: true });
  });

  it('a missing, damaged or odd file gives the default size, never a broken window', () => {
    const dir = tempDir();
    const file = path.join(dir, 'window-state.json');
    expect(loadWindowState(file, screenA)).toEqual({ width: 1280, height: 820 });
    for (const text of ['{not json', '{"width":"wide","height":700}', '{"width":5,"height":5}', '[]', 'null', '{"width":1e9,"height":700}']) {
      fs.writeFileSync(file, text);
      expect(loadWindowState(file, screenA)).toEqual({ width: 1280, height: 820 });
    }
  });
});
