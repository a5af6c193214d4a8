// Where the window was: saved on close, read back at the next start. What is read
// back is checked (the file may be old, edited or damaged) and a place that is no
// longer on any screen is not restored.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface WindowState { x?: number; y?: number; width: number; height: number; maximized?: boolean }

export interface Bounds { x: number; y: number; width: number; height: number }

const DEFAULT: WindowState = { width: 1280, height: 820 };

const size = z.number().int().min(200).max(100_000);
const place = z.number().int().min(-100_000).max(100_000);
const stateSchema = z.object({ x: place.optional(), y: place.optional(), width: size, height: size, maximized: z.boolean().optional() });

/** The saved state, checked; the default when there is none or it does not fit. */
export function loadWindowState(file: string, displays: readonly Bounds[]): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return DEFAULT;
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) return DEFAULT;
  const s = parsed.data;
  const onScreen = s.x !== undefined && s.y !== undefined && displays.some((d) => s.x! >= d.x && s.y! >= d.y && s.x! < d.x + d.width && s.y! < d.y + d.height);
  return onScreen ? s : { width: s.width, height: s.height, maximized: s.maximized };
}

export function saveWindowState(file: string, bounds: Bounds, maximized: boolean): void {
  const state: WindowState = { ...bounds, maximized };
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(state));
  } catch {
    // Not worth bothering the user about.
  }
}
