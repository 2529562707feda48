import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/main/security/content-security-policy';
import { mainWindowOptions } from '../../../electron/main/window/window-options';
import { makeTemporaryDirectory } from '../../support/temporary-directory';

// Electronegativity (Doyensec's Electron security linter) over the layers that may use Electron (main, preload, common) and renderer/index.html, failing
// on any finding build/electronegativity-allowlist.json does not explain. Options built by
// seams are invisible to a static scan, so their real values are written out as literal
// probe files and scanned with the rest.
const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;

const negativeControl = 'probe/negative-control.js';

type Finding = { readonly check: string; readonly severity: string; readonly confidence: string; readonly file: string; readonly location: string; readonly sample: string; readonly description: string };
type AllowedFinding = { readonly check: string; readonly file: string; readonly reason: string };
type Allowlist = {
  readonly excludedChecks: readonly { readonly check: string; readonly reason: string }[];
  readonly findings: readonly AllowedFinding[];
};

/** RFC 4180 CSV, as the tool writes it (quoted fields, doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (character !== '\r') field += character;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function scan(input: string, output: string, excluded: readonly string[]): readonly Finding[] {
  const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
  execFileSync(process.execPath, [cli, '-i', input, '-e', electronVersion, '-r', '-v', 'false', '-o', output, ...(excluded.length === 0 ? [] : ['-x', excluded.join(',')])], { cwd: root, stdio: 'pipe' });
  const [header, ...rows] = parseCsv(readFileSync(output, 'utf8'));
  if (header?.[0] !== 'issue') throw new Error(`unexpected electronegativity output: ${header?.join(',') ?? '(empty)'}`);
  return rows
    .filter((row) => row.length >= 7)
    .map(([check = '', severity = '', confidence = '', file = '', location = '', sample = '', description = '']) => ({ check, severity, confidence, file: file.split('\\').join('/'), location, sample, description }));
}

describe('electronegativity', () => {
  let temporary: ReturnType<typeof makeTemporaryDirectory>;
  let allowlist: Allowlist;
  let findings: readonly Finding[];

  beforeAll(() => {
    temporary = makeTemporaryDirectory('flamenco-desk-electronegativity-');
    allowlist = JSON.parse(readFileSync(join(root, 'build/electronegativity-allowlist.json'), 'utf8')) as Allowlist;
    const app = join(temporary.path, 'app');
    // Only the layers that may import electron (lint keeps it out of core and cli).
    for (const layer of ['main', 'preload', 'common']) cpSync(join(root, 'electron', layer), join(app, 'electron', layer), { recursive: true });
    mkdirSync(join(app, 'renderer'), { recursive: true });
    cpSync(join(root, 'renderer', 'index.html'), join(app, 'renderer', 'index.html'));
    mkdirSync(join(app, 'probe'));
    const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', bounds: { width: 1200, height: 800 }, title: 'Flamenco Desk', devTools: false });
    writeFileSync(join(app, 'probe', 'main-window-options.js'), `const { BrowserWindow } = require('electron');\nconst window = new BrowserWindow(${JSON.stringify(options)});\n`);
    // A window with the protections off: proves the scan really reads probe files.
    const unsafe = { ...options, webPreferences: { ...options.webPreferences, sandbox: false, contextIsolation: false } };
    writeFileSync(join(app, 'probe', 'negative-control.js'), `const { BrowserWindow } = require('electron');\nconst window = new BrowserWindow(${JSON.stringify(unsafe)});\n`);
    writeFileSync(join(app, 'probe', 'app-protocol-csp.html'), `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}"></head><body></body></html>\n`);
    findings = scan(app, join(temporary.path, 'findings.csv'), allowlist.excludedChecks.map(({ check }) => check));
  }, 120_000);

  afterAll(() => temporary?.remove());

  it('gives a reason for every allowed finding and excluded check', () => {
    const unexplained = [...allowlist.findings, ...allowlist.excludedChecks].filter(({ reason }) => reason.trim().length < 20);
    expect(unexplained).toEqual([]);
  });

  it('finds nothing that the allow-list does not explain', () => {
    const unexpected = findings.filter((finding) => finding.file !== negativeControl && !allowlist.findings.some((allowed) => allowed.check === finding.check && allowed.file === finding.file));
    expect(unexpected).toEqual([]);
  });

  it('has no stale allow-list entries', () => {
    const stale = allowlist.findings.filter((allowed) => !findings.some((finding) => finding.check === allowed.check && finding.file === allowed.file));
    expect(stale).toEqual([]);
  });

  it('sees the window options as sandboxed, isolated and without Node, and flags the same window with them off', () => {
    const checksIn = (file: string): readonly string[] =>
      findings
        .filter((finding) => finding.file === file)
        .map((finding) => finding.check)
        .filter((check) => /SANDBOX|CONTEXT_ISOLATION|NODE_INTEGRATION/.test(check))
        .sort();
    expect({ ours: checksIn('probe/main-window-options.js'), control: checksIn(negativeControl) }).toEqual({
      ours: [],
      control: ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK'],
    });
  });
});
