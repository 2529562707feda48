import type { Notification, Notifier, SecretStore } from '../../electron/core/ports';

/** A notifier that keeps what it was asked to show. */
export function recordingNotifier(): Notifier & { readonly shown: Notification[] } {
  const shown: Notification[] = [];
  return { shown, notify: (notification) => void shown.push(notification) };
}

/** A secret store in memory. */
export function memorySecretStore(): SecretStore & { readonly values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key) => values.get(key),
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}
