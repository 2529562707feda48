import type { ParsedArguments } from './command';

/** Flags that never take a value, so `--json FILE` keeps FILE as a positional. */
const booleanFlags = new Set(['json', 'help', 'version', 'dry-run', 'watch', 'paused', 'scout', 'wait', 'yes', 'all', 'refresh', 'headless', 'shallow', 'include-packed', 'force', 'skip-outside']);

/** Splits argv into positionals and flags (`--a b`, `--a=b`, `--bool`, `--` ends flags). */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    flags.set(name, [...(flags.get(name) ?? []), value]);
  };
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index] ?? '';
    if (token === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (token.startsWith('--') && token.length > 2) {
      const body = token.slice(2);
      const equals = body.indexOf('=');
      if (equals >= 0) add(body.slice(0, equals), body.slice(equals + 1));
      else if (booleanFlags.has(body)) add(body, 'true');
      else {
        const next = argv[index + 1];
        if (next === undefined || next.startsWith('--')) add(body, 'true');
        else {
          add(body, next);
          index += 1;
        }
      }
    } else if (token === '-h') add('help', 'true');
    else positionals.push(token);
  }
  return { positionals, flags };
}
