// The layers are enforced by tools, and these fixtures prove the tools refuse
// what used to pass: a renderer file reaching app/server (Node's http), and
// `document` in app/billing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/cli';

function checkLayers(...entries: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'check-layers.mjs'), ...entries.flatMap((e) => ['--entry', e])], { cwd: root, encoding: 'utf8' });
  return { code: r.status, text: r.stdout + r.stderr };
}

describe('the import chain (scripts/check-layers.mjs)', () => {
  it('passes a file that keeps to its layer (so the refusals below are about the chain)', () => {
    expect(checkLayers('renderer=test/fixtures/layers/renderer-keeps-to-its-layer.ts', 'pure=test/fixtures/layers/renderer-keeps-to-its-layer.ts')).toMatchObject({ code: 0 });
  });

  it('refuses a renderer file that reaches app/server, directly or through another module', () => {
    const direct = checkLayers('renderer=test/fixtures/layers/renderer-reaches-server.ts');
    expect(direct.code).toBe(1);
    expect(direct.text).toMatch(/renderer: .* imports .*node:http/);
    expect(direct.text).toMatch(/renderer: .* reaches .*app\/server\.ts/);
    const indirect = checkLayers('renderer=test/fixtures/layers/renderer-reaches-node-indirectly.ts');
    expect(indirect.code).toBe(1);
    expect(indirect.text).toMatch(/imports .*node:fs/);
    expect(indirect.text).toMatch(/reaches .*app\/store\/db\.ts/);
  });

  it('refuses `document` in the pure part, and the shell holding the core', () => {
    const billing = checkLayers('pure=test/fixtures/layers/billing-uses-document.ts');
    expect(billing.code).toBe(1);
    expect(billing.text).toMatch(/billing-uses-document\.ts:4 Cannot find name 'document'/);
    const shell = checkLayers('shell=test/fixtures/layers/shell-runs-the-core.ts');
    expect(shell.code).toBe(1);
    expect(shell.text).toMatch(/shell: .* reaches .*app\/core\.ts/);
  });
});

describe('the TypeScript projects', () => {
  const program = (project: string, file: string) => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(root, project), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!config) throw new Error(`${project} did not parse`);
    const p = ts.createProgram([path.join(root, file)], { ...config.options, noEmit: true, composite: false, declaration: false, emitDeclarationOnly: false });
    return ts.getPreEmitDiagnostics(p).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  };

  it('the core has no DOM: `document` does not compile there', () => {
    expect(program('tsconfig.core.json', 'test/fixtures/layers/billing-uses-document.ts')).toContainEqual(expect.stringMatching(/Cannot find name 'document'/));
  });
});

describe('the lint allowlists', () => {
  const eslint = new ESLint({ cwd: root });
  const refused = async (filePath: string, text: string) => (await eslint.lintText(text, { filePath }))[0]!.messages.map((m) => m.ruleId);

  it('refuse what the old denylists let through, and allow what each layer needs', async () => {
    expect(await refused('renderer/screens/X.tsx', "import { startServer } from '../../app/server';\nexport const s = startServer;\n")).toContain('no-restricted-imports');
    expect(await refused('renderer/X.tsx', "import { startServer } from '../app/server';\nexport const s = startServer;\n")).toContain('no-restricted-imports');
    expect(await refused('renderer/X.tsx', "import { createHandlers } from '../app/handlers';\nexport const s = createHandlers;\n")).toContain('no-restricted-imports');
    expect(await refused('app/billing/x.ts', 'export const t = document.title;\n')).toContain('no-restricted-globals');
    expect(await refused('app/billing/x.ts', "import { Store } from '../store';\nexport const s = Store;\n")).toContain('no-restricted-imports');
    expect(await refused('app/x.ts', "import { App } from '../renderer/App';\nexport const s = App;\n")).toContain('no-restricted-imports');
    expect(await refused('main/x.ts', "import { openCore } from '../app/core';\nexport const s = openCore;\n")).toContain('no-restricted-imports');
    // What the layers need passes.
    expect(await refused('renderer/X.tsx', "import type { HandlerName } from '../app/handlers';\nimport { plural } from '../app/words';\nexport const s: HandlerName | string = plural(1, 'a');\n")).toEqual([]);
    expect(await refused('app/billing/x.ts', "import { plural } from '../words';\nexport const s = plural;\n")).toEqual([]);
    expect(await refused('main/x.ts', "import { app } from 'electron';\nimport { KindError } from '../app/errors';\nexport const s = [app, KindError];\n")).toEqual([]);
  });
});
