import type { AppSettings } from '../../common/domain/settings';

/** Everything the "copy diagnostics" text is made of; plain data so it is easy to test. */
export type DiagnosticsInput = {
  readonly appVersion: string;
  readonly host: string;
  readonly platform: string;
  readonly architecture: string;
  /** Runtime versions, e.g. `{ electron, chrome, node }`. */
  readonly versions: Readonly<Record<string, string>>;
  /** Named folders, e.g. data, logs. */
  readonly paths: Readonly<Record<string, string>>;
  readonly settings: AppSettings;
  /** Manager base URLs (user info is stripped before printing). */
  readonly managers: readonly { readonly name: string; readonly url: string; readonly isActive: boolean }[];
  readonly recentLogLines: readonly string[];
  /** ISO timestamp of when the text was made. */
  readonly generatedAt: string;
};

// Secrets must never reach a bug report, even if some component logged one by mistake.
const secretPatterns: readonly (readonly [RegExp, (match: string, ...groups: string[]) => string])[] = [
  // `authorization: Bearer x`, `token=x`, `"password":"x"`: keep the name, hide the value.
  [/(authorization|cookie|x-api-key|token|secret|password)(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&]+(\s+[^\s,;&]+)?)/gi, (_match, name = '', separator = '') => `${name}${separator}[redacted]`],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]+/gi, () => 'Bearer [redacted]'],
  // User info in URLs: `http://user:password@host`.
  [/\/\/[^/\s:@]+:[^/\s@]+@/g, () => '//[redacted]@'],
];

/** Replaces anything that looks like a credential with `[redacted]`. */
export function redactSecrets(text: string): string {
  return secretPatterns.reduce((result, [pattern, replace]) => result.replace(pattern, replace), text);
}

function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return redactSecrets(url);
  }
}

/**
 * The text the user pastes into a bug report: versions, platform, folders, settings,
 * Managers and the last log lines. Secret header values are not part of the input (they
 * live in the SecretStore) and log lines are redacted again here.
 */
export function diagnosticsText(input: DiagnosticsInput): string {
  const lines: string[] = [
    `Flamenco Desk ${input.appVersion} (${input.host})`,
    `Generated: ${input.generatedAt}`,
    `Platform: ${input.platform} ${input.architecture}`,
    '',
    'Versions:',
    ...Object.entries(input.versions).map(([name, version]) => `  ${name}: ${version}`),
    '',
    'Folders:',
    ...Object.entries(input.paths).map(([name, path]) => `  ${name}: ${path}`),
    '',
    'Settings:',
    ...Object.entries(input.settings).map(([name, value]) => `  ${name}: ${JSON.stringify(value)}`),
    '',
    'Managers:',
    ...(input.managers.length === 0
      ? ['  (none)']
      : input.managers.map((manager) => `  ${manager.isActive ? '*' : '-'} ${manager.name}: ${withoutUserInfo(manager.url)}`)),
    '',
    `Recent log (${input.recentLogLines.length} lines):`,
    ...input.recentLogLines.map((line) => `  ${redactSecrets(line)}`),
  ];
  return `${lines.join('\n')}\n`;
}
