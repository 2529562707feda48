import type { SettingValue } from '../../common/domain/blender';

/** The parts of a Manager `AvailableJobSetting` that evaluation needs. */
export type EvaluableSetting = {
  readonly key: string;
  readonly type: string;
  readonly default?: unknown;
  readonly eval?: string;
  readonly editable?: boolean;
};

/** How one setting gets its value in the headless run. */
export type SettingStep =
  | { readonly key: string; readonly action: 'eval'; readonly expression: string }
  | { readonly key: string; readonly action: 'given'; readonly value: SettingValue }
  | { readonly key: string; readonly action: 'default'; readonly value: SettingValue }
  | { readonly key: string; readonly action: 'empty'; readonly value: SettingValue }
  | { readonly key: string; readonly action: 'fail'; readonly error: string };

/**
 * The plan handed to the Python script: `steps` in evaluation order (every eval runs after
 * the evals it reads through `settings.X`), and `order`, the job type's own order for results.
 */
export type SettingsPlan = {
  readonly steps: readonly SettingStep[];
  readonly order: readonly string[];
};

/** Names read as `settings.<name>` in an eval expression. */
export function settingReferences(expression: string): readonly string[] {
  const names = new Set<string>();
  for (const match of expression.matchAll(/\bsettings\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
  return [...names];
}

/**
 * The value a Blender property of this type holds before anything is assigned; the add-on's
 * property group answers `settings.X` with it for a setting with no eval and no default.
 */
export function zeroValue(type: string): SettingValue {
  switch (type) {
    case 'int32':
    case 'float':
      return 0;
    case 'bool':
      return false;
    default:
      return '';
  }
}

/**
 * The add-on coerces a JSON default with the setting's type (`int`, `float`, `bool`, `str`)
 * because JSON does not tell ints from floats. Returns undefined when the default cannot be coerced.
 */
export function coerceDefault(type: string, value: unknown): SettingValue | undefined {
  switch (type) {
    case 'int32':
      if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
      return undefined;
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return undefined;
    case 'bool':
      // Python's bool(): empty string, 0 and null are false.
      return value !== '' && value !== 0 && value !== null && value !== false && value !== undefined;
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return pythonString(value);
      return undefined;
    default:
      return undefined;
  }
}

function pythonString(value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/**
 * Decides, for each setting, where its value comes from and in which order evals run.
 *
 * Like the add-on: a setting the user set keeps that value (`given`), except a setting with
 * `editable: false` and an eval, which the add-on always computes (its property is a getter).
 * Every other setting with an eval is evaluated; the rest take their default or the zero value.
 *
 * Unlike the add-on, which evaluates in list order so that `settings.X` may read X before X was
 * evaluated, evals run after the evals they reference. Settings in a reference cycle fail with
 * the cycle spelled out; a setting reading a failed one fails when it reads it (in the script).
 */
export function planSettings(settings: readonly EvaluableSetting[], given: Readonly<Record<string, SettingValue>> = {}): SettingsPlan {
  const fixedSteps: SettingStep[] = [];
  const evaluated = new Map<string, string>();
  for (const setting of settings) {
    const expression = setting.eval ?? '';
    const alwaysEvaluated = setting.editable === false && expression !== '';
    if (!alwaysEvaluated && Object.hasOwn(given, setting.key)) {
      fixedSteps.push({ key: setting.key, action: 'given', value: given[setting.key] ?? null });
    } else if (expression !== '') {
      evaluated.set(setting.key, expression);
    } else if (setting.default !== undefined) {
      const value = coerceDefault(setting.type, setting.default);
      fixedSteps.push(
        value === undefined
          ? { key: setting.key, action: 'fail', error: `default ${JSON.stringify(setting.default)} is not a valid ${setting.type}` }
          : { key: setting.key, action: 'default', value },
      );
    } else {
      fixedSteps.push({ key: setting.key, action: 'empty', value: zeroValue(setting.type) });
    }
  }

  const dependencies = new Map<string, readonly string[]>();
  for (const [key, expression] of evaluated) {
    dependencies.set(
      key,
      settingReferences(expression).filter((name) => evaluated.has(name)),
    );
  }
  const { order, cycles } = orderByDependencies(dependencies);
  const evalSteps: SettingStep[] = [];
  for (const [key, cycle] of cycles) {
    evalSteps.push({ key, action: 'fail', error: `circular reference between settings: ${cycle.join(' -> ')}` });
  }
  for (const key of order) evalSteps.push({ key, action: 'eval', expression: evaluated.get(key) ?? '' });

  return { steps: [...fixedSteps, ...evalSteps], order: settings.map((setting) => setting.key) };
}

/**
 * Topological order of `dependencies` (key -> keys it reads), stable in insertion order.
 * Keys on a cycle are left out of `order` and reported in `cycles` with the cycle path
 * (`a -> b -> a`); keys that merely depend on a cycle stay in `order`.
 */
export function orderByDependencies(dependencies: ReadonlyMap<string, readonly string[]>): {
  readonly order: readonly string[];
  readonly cycles: ReadonlyMap<string, readonly string[]>;
} {
  const cycles = new Map<string, readonly string[]>();
  for (const component of stronglyConnectedComponents(dependencies)) {
    const first = component[0];
    if (first === undefined) continue;
    const selfLoop = component.length === 1 && (dependencies.get(first) ?? []).includes(first);
    if (component.length === 1 && !selfLoop) continue;
    const members = new Set(component);
    for (const key of component) cycles.set(key, cyclePath(key, dependencies, members));
  }

  const order: string[] = [];
  const done = new Set<string>();
  const visit = (key: string): void => {
    if (done.has(key) || cycles.has(key)) return;
    done.add(key);
    for (const dependency of dependencies.get(key) ?? []) visit(dependency);
    order.push(key);
  };
  for (const key of dependencies.keys()) visit(key);
  return { order, cycles };
}

/** Tarjan's algorithm, iterative enough for job types (dozens of settings). */
function stronglyConnectedComponents(dependencies: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (key: string): void => {
    index.set(key, counter);
    lowLink.set(key, counter);
    counter += 1;
    stack.push(key);
    onStack.add(key);
    for (const next of dependencies.get(key) ?? []) {
      if (!index.has(next)) {
        connect(next);
        lowLink.set(key, Math.min(lowLink.get(key) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(key, Math.min(lowLink.get(key) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowLink.get(key) === index.get(key)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== key);
      components.push(component.reverse());
    }
  };
  for (const key of dependencies.keys()) if (!index.has(key)) connect(key);
  return components;
}

/** The shortest path from `start` back to itself inside one cycle, for the error text. */
function cyclePath(start: string, dependencies: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): readonly string[] {
  const previous = new Map<string, string>();
  const queue: string[] = [start];
  while (queue.length > 0) {
    const key = queue.shift() as string;
    for (const next of dependencies.get(key) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        let cursor: string | undefined = key;
        while (cursor !== undefined && cursor !== start) {
          path.unshift(cursor);
          cursor = previous.get(cursor);
        }
        path.unshift(start);
        return path;
      }
      if (previous.has(next)) continue;
      previous.set(next, key);
      queue.push(next);
    }
  }
  return [start, start];
}
