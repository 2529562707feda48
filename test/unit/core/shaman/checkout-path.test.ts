import { describe, expect, it } from 'vitest';
import { checkoutPathForJob, isValidCheckoutPath, shamanBlendfile } from '../../../../electron/core/shaman/checkout-path';

describe('isValidCheckoutPath', () => {
  it('accepts what the Manager accepts and refuses what it refuses', () => {
    const cases = ['job', 'project/scene/job-1', '', '/abs', 'a?b', 'a*b', 'a:b', 'a;b', 'a{b', 'a}b', 'a\\b', '../up', 'a/../b', 'a/..', 'a..b'];
    expect(cases.map((path) => [path, isValidCheckoutPath(path)])).toEqual([
      ['job', true],
      ['project/scene/job-1', true],
      ['', false],
      ['/abs', false],
      ['a?b', false],
      ['a*b', false],
      ['a:b', false],
      ['a;b', false],
      ['a{b', false],
      ['a}b', false],
      ['a\\b', false],
      ['../up', false],
      ['a/../b', false],
      ['a/..', false],
      ['a..b', true],
    ]);
  });
});

describe('checkoutPathForJob', () => {
  it('replaces every forbidden character when the job name has them', () => {
    expect(checkoutPathForJob('Shot 010: v2 {final}; *really*? a\\b/c')).toBe('Shot 010- v2 -final-- -really-- a-b-c');
  });

  it('removes leading slashes, dot runs and control characters when the name has them', () => {
    expect(checkoutPathForJob('/../etc\u0000name..')).toBe('etc-name');
  });

  it('falls back to "job" when nothing usable is left', () => {
    expect(['', '   ', '///', '..'].map(checkoutPathForJob)).toEqual(['job', 'job', 'job', 'job']);
  });

  it('keeps unicode names and cuts long ones to 80 characters', () => {
    expect(checkoutPathForJob('Åsa ünïcode 日本')).toBe('Åsa ünïcode 日本');
    expect(checkoutPathForJob('x'.repeat(200))).toBe('x'.repeat(80));
  });

  it('always yields a path the Manager accepts', () => {
    const names = ['a/..', '..', '.hidden', '?:*', 'name.', ' spaced ', 'x/../y'];
    expect(names.map((name) => isValidCheckoutPath(checkoutPathForJob(name)))).toEqual(names.map(() => true));
  });
});

describe('shamanBlendfile', () => {
  it('joins the jobs variable, the checkout and the .blend path in the pack', () => {
    expect(shamanBlendfile('shot-abcd', 'scenes/shot.blend')).toBe('{jobs}/shot-abcd/scenes/shot.blend');
  });
});
