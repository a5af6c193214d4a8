// `servers add` without FLEXBILL_SERVER_PASSWORD asks on the terminal, without echo.
// The command runs on a real pseudo-terminal (Python's pty module drives it: Node has
// none of its own), and what the terminal showed is searched for the password.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { PASSWORD, standIn } from './helpers';

// Runs argv on a pty; types `answer` and Enter once the prompt appears; prints all the terminal showed.
const DRIVER = `
import os, pty, sys, json, time
argv, answer = json.loads(sys.argv[1]), sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
seen, typed = b"", False
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    if not typed and b"Password of" in seen:
        time.sleep(0.2)
        os.write(fd, answer.encode() + b"\\r")
        typed = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({"seen": seen.decode("utf-8", "replace"), "code": os.waitstatus_to_exitcode(status)}))
`;

function onTerminal(args: string[], answer: string): Promise<{ seen: string; code: number }> {
  return new Promise((resolve, reject) => {
    const argv = [process.execPath, path.join(root, 'bin', 'flexbill.cjs'), ...args];
    const child = spawn('python3', ['-c', DRIVER, JSON.stringify(argv), answer], { env: { ...process.env, FLEXBILL_DB: '', FLEXBILL_SERVER_PASSWORD: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { seen: string; code: number }) : reject(new Error(`python3 driver failed (${code}): ${err}`))));
  });
}

describe('servers add on a terminal', () => {
  it('asks for the password without echoing it', async () => {
    const s = await standIn({ domains: { 'a.example': { accounts: [] } } });
    const db = path.join(tempDir(), 'flex.db');
    const r = await onTerminal(['--db', db, 'servers', 'add', 'mail01', '--url', s.url, '--license', 'EAS-KEY-01', '--fingerprint', s.fingerprint!], PASSWORD);
    expect(r.seen).toContain('Password of admin on mail01: ');
    expect(r.seen).toContain('Added mail01');
    expect(r.seen).not.toContain(PASSWORD);
    expect(r.code).toBe(0);
    expect(s.signIns).toBe(1);
  }, 60_000);
});
