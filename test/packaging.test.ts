import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;

function validate(config: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  return check(config) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

describe('electron-builder.yml', () => {
  const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it("is valid against electron-builder's own configuration schema", () => {
    expect(validate(config)).toEqual([]);
  });

  it('the check catches a typo', () => {
    expect(validate({ ...config, asarUnpak: ['x'] }).length).toBeGreaterThan(0);
  });

  it('names the targets, keeps better-sqlite3 out of the asar, and has its icon', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.productName).toBe('Flex Billing');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    const targets = JSON.stringify([config.win, config.mac, config.linux]);
    for (const t of ['nsis', 'dmg', 'AppImage', 'deb']) expect(targets).toContain(t);
    expect(fs.existsSync(path.join(root, 'build', 'icon.png'))).toBe(true);
  });

  it('packages the built main process that package.json names', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect((config.extraMetadata as { main: string }).main).toBe(pkg.main);
  });
});
