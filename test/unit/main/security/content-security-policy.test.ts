import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../../electron/main/security/content-security-policy';

function directives(policy: string): Record<string, string> {
  return Object.fromEntries(policy.split('; ').map((directive) => {
    const [name = '', ...values] = directive.split(' ');
    return [name, values.join(' ')];
  }));
}

describe('contentSecurityPolicy', () => {
  it('allows only the app itself: no eval, no remote scripts, no network, no plugins', () => {
    expect(directives(contentSecurityPolicy())).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self'",
      'connect-src': "'self'",
      'media-src': "'none'",
      'object-src': "'none'",
      'frame-src': "'none'",
      'worker-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('adds the dev server origin and its HMR socket in development', () => {
    const policy = directives(contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' }));
    expect({ script: policy['script-src'], connect: policy['connect-src'] }).toEqual({
      script: "'self' http://localhost:5173",
      connect: "'self' http://localhost:5173 ws://localhost:5173",
    });
  });
});
