import { describe, expect, it } from 'vitest';
import { parseArguments } from '../../../electron/cli/parse-arguments';

describe('parseArguments', () => {
  it('separates positionals, valued flags, boolean flags and the -- terminator', () => {
    const parsed = parseArguments(['submit', 'a.blend', '--set', 'frames=1-10', '--json', 'b.blend', '--priority=80', '--', '--not-a-flag']);
    expect(parsed.positionals).toEqual(['submit', 'a.blend', 'b.blend', '--not-a-flag']);
    expect(Object.fromEntries(parsed.flags)).toEqual({ set: ['frames=1-10'], json: ['true'], priority: ['80'] });
  });

  it('treats a flag followed by another flag as boolean', () => {
    expect(Object.fromEntries(parseArguments(['--verbose', '--json']).flags)).toEqual({ verbose: ['true'], json: ['true'] });
  });
});
