import type { Random } from './prng';

/** Which requests a fault applies to; omitted fields match everything. */
export type FaultTarget = {
  readonly method?: string;
  /** A pathname prefix (e.g. `/api/v3/shaman/`) or a pattern tested against the pathname. */
  readonly path?: string | RegExp;
};

/** How often a fault fires: with a probability per request (seeded), or for the next N matches. */
export type FaultAmount = { readonly rate: number } | { readonly count: number };

/** What the double should do instead of answering normally. */
export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'stall' }
  | { readonly kind: 'fail'; readonly status: number }
  | { readonly kind: 'garbage'; readonly shape: GarbageShape };

/** `invalid-json`: a truncated JSON document; `wrong-shape`: valid JSON of the wrong shape. */
export type GarbageShape = 'invalid-json' | 'wrong-shape';

type Rule = {
  readonly decision: Exclude<FaultDecision, { kind: 'none' }>;
  readonly target: FaultTarget;
  remaining: number | undefined;
  readonly rate: number | undefined;
};

function amountOf(amount: Partial<{ rate: number; count: number }>): { remaining: number | undefined; rate: number | undefined } {
  if (amount.count !== undefined) return { remaining: amount.count, rate: undefined };
  return { remaining: undefined, rate: amount.rate ?? 1 };
}

function matches(target: FaultTarget, method: string, pathname: string): boolean {
  if (target.method !== undefined && target.method.toUpperCase() !== method.toUpperCase()) return false;
  if (target.path === undefined) return true;
  return typeof target.path === 'string' ? pathname.startsWith(target.path) : target.path.test(pathname);
}

/**
 * Fault switches of the Manager double. Probabilistic faults draw from the double's seeded
 * generator, so a given seed and request sequence always fails the same way.
 */
export class FaultSwitches {
  private rules: Rule[] = [];
  private slowRules: { readonly ms: number; readonly target: FaultTarget }[] = [];
  /** Remaining Shaman uploads to answer 425 (only when the client may defer, like the Manager). */
  shaman425Remaining = 0;
  /** Remaining Shaman uploads to answer 417 and discard, whatever their content. */
  shaman417Remaining = 0;

  constructor(private readonly random: Random) {}

  /** Delays every matching request by `ms` before it is handled; `slow(0)` turns it off. */
  slow(ms: number, target: FaultTarget = {}): void {
    this.slowRules = ms <= 0 ? [] : [...this.slowRules, { ms, target }];
  }

  /** Answers matching requests with a 5xx (default 500) `{code, message}` error. */
  fail5xx(options: Partial<{ rate: number; count: number }> & { readonly status?: number; readonly target?: FaultTarget }): void {
    this.add({ kind: 'fail', status: options.status ?? 500 }, options, options.target);
  }

  /** Answers matching requests with 200 and a broken or wrongly shaped JSON body. */
  garbage(options: Partial<{ rate: number; count: number }> & { readonly shape?: GarbageShape; readonly target?: FaultTarget } = {}): void {
    this.add({ kind: 'garbage', shape: options.shape ?? 'invalid-json' }, options, options.target);
  }

  /** Destroys the TCP connection of matching requests without answering (ECONNRESET). */
  resetConnections(options: Partial<{ rate: number; count: number }> & { readonly target?: FaultTarget } = {}): void {
    this.add({ kind: 'reset' }, options, options.target);
  }

  /** Never answers matching requests (until {@link clear} or the double closes). */
  stall(options: Partial<{ rate: number; count: number }> & { readonly target?: FaultTarget } = {}): void {
    this.add({ kind: 'stall' }, options, options.target);
  }

  /** The next `count` uploads that may defer answer 425 as if someone else were uploading. */
  shaman425Storm(count: number): void {
    this.shaman425Remaining = count;
  }

  /** The next `count` uploads answer 417 (checksum mismatch) and are not stored. */
  shaman417(count: number): void {
    this.shaman417Remaining = count;
  }

  /** Turns every fault off. */
  clear(): void {
    this.rules = [];
    this.slowRules = [];
    this.shaman425Remaining = 0;
    this.shaman417Remaining = 0;
  }

  private add(decision: Rule['decision'], amount: Partial<{ rate: number; count: number }>, target: FaultTarget = {}): void {
    this.rules.push({ decision, target, ...amountOf(amount) });
  }

  /** Total delay for a request. */
  delayFor(method: string, pathname: string): number {
    return this.slowRules.filter((rule) => matches(rule.target, method, pathname)).reduce((sum, rule) => sum + rule.ms, 0);
  }

  /** Picks the first rule that fires for this request, consuming counts and random draws. */
  decide(method: string, pathname: string): FaultDecision {
    for (const rule of this.rules) {
      if (!matches(rule.target, method, pathname)) continue;
      if (rule.remaining !== undefined) {
        if (rule.remaining <= 0) continue;
        rule.remaining -= 1;
        return rule.decision;
      }
      if (this.random.next() < (rule.rate ?? 0)) return rule.decision;
    }
    return { kind: 'none' };
  }
}
