/**
 * User settings, Manager profiles and Blender installs, and the theme applied to the page
 * (`data-theme` on <html>; `system` leaves it to the OS through `prefers-color-scheme`).
 */
import type { BlenderInstallsView } from '../../../electron/common/domain/blend-inspection';
import type { DiscoveredManager, ManagerConnectionTest } from '../../../electron/common/domain/manager';
import type { ManagerId, ManagerProfile } from '../../../electron/common/domain/manager-profile';
import type { AppSettings } from '../../../electron/common/domain/settings';
import type { ManagerProfileInput } from '../../../electron/common/ipc/contract';
import { setOf, withItem } from '../lib/collections';
import { ipc } from '../lib/ipc';
import { toasts } from './toasts.svelte';

/** The settings state; one instance, {@link settings}. */
export class SettingsState {
  values = $state.raw<AppSettings | undefined>(undefined);
  managers = $state.raw<readonly ManagerProfile[]>([]);
  installs = $state.raw<BlenderInstallsView | undefined>(undefined);
  installsLoading = $state(false);
  discovered = $state.raw<readonly DiscoveredManager[]>([]);
  discovering = $state(false);
  /** Connection test outcomes by profile id or URL. */
  tests = $state.raw<Readonly<Record<string, ManagerConnectionTest | 'testing'>>>({});
  problem = $state<string | undefined>(undefined);
  private stops: (() => void)[] = [];

  /** The active profile, if any. */
  get activeManager(): ManagerProfile | undefined {
    return this.managers.find((profile) => profile.isActive);
  }

  /** Loads settings and profiles and follows their changes. */
  async start(): Promise<void> {
    for (const stop of this.stops) stop();
    const api = ipc();
    this.stops = [
      api.on('settings:changed', (value) => this.setValues(value)),
      api.on('managers:changed', (value) => {
        this.managers = value;
      }),
    ];
    const [values, managers] = await Promise.all([api.invoke('settings:get', undefined), api.invoke('managers:list', undefined)]);
    if (values.ok) this.setValues(values.value);
    else this.problem = values.error.message;
    if (managers.ok) this.managers = managers.value;
  }

  private setValues(value: AppSettings): void {
    this.values = value;
    applyTheme(value.theme);
  }

  /** Changes some settings. */
  async update(changes: Partial<AppSettings>): Promise<void> {
    const result = await ipc().invoke('settings:update', changes);
    if (result.ok) this.setValues(result.value);
    else toasts.show('error', result.error.message);
  }

  /** Switches a notification kind on or off. */
  async setNotification(kind: string, enabled: boolean): Promise<void> {
    await this.update({ mutedNotifications: [...withItem(setOf(this.values?.mutedNotifications), kind, !enabled)] });
  }

  /** Saves a profile (new or edited); returns it, or undefined on failure. */
  async saveManager(input: ManagerProfileInput): Promise<ManagerProfile | undefined> {
    const result = await ipc().invoke('managers:save', input);
    if (!result.ok) {
      toasts.show('error', result.error.message);
      return undefined;
    }
    toasts.show('success', `Saved ${result.value.name}.`);
    return result.value;
  }

  /** Removes a profile. */
  async removeManager(id: ManagerId): Promise<void> {
    const result = await ipc().invoke('managers:remove', { id });
    if (!result.ok) toasts.show('error', result.error.message);
  }

  /** Makes a profile the active one. */
  async activateManager(id: ManagerId): Promise<void> {
    const result = await ipc().invoke('managers:activate', { id });
    if (!result.ok) toasts.show('error', result.error.message);
  }

  /** Tests a saved profile or a typed URL; the outcome is kept under `key`. */
  async test(key: string, request: { readonly id: string } | { readonly url: string; readonly extraHeaders: Readonly<Record<string, string>> }): Promise<void> {
    this.tests = { ...this.tests, [key]: 'testing' };
    const result = await ipc().invoke('managers:test', request);
    const outcome: ManagerConnectionTest = result.ok ? result.value : { ok: false, url: 'url' in request ? request.url : '', error: result.error };
    this.tests = { ...this.tests, [key]: outcome };
  }

  /** Looks for Managers on the LAN. */
  async discover(): Promise<void> {
    this.discovering = true;
    const result = await ipc().invoke('managers:discover', undefined);
    this.discovering = false;
    if (result.ok) this.discovered = result.value;
    else toasts.show('error', result.error.message);
  }

  /** Lists Blender installs; `refresh` searches the disk again. */
  async loadInstalls(refresh: boolean): Promise<void> {
    this.installsLoading = true;
    const result = await ipc().invoke('blender:installs', { refresh });
    this.installsLoading = false;
    if (result.ok) this.installs = result.value;
    else toasts.show('error', result.error.message);
  }
}

/** Puts the theme on the document: `system` removes the override. */
export function applyTheme(theme: AppSettings['theme']): void {
  if (typeof document === 'undefined') return;
  if (theme === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = theme;
}

/** The one settings state of the page. */
export const settings = new SettingsState();
