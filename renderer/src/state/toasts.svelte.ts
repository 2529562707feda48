/** Short messages at the corner of the window: the outcome of an action, or why it failed. */

/** One message. */
export type Toast = { readonly id: number; readonly tone: 'info' | 'success' | 'error'; readonly text: string };

/** The toast list; one instance, {@link toasts}. */
export class ToastState {
  items = $state.raw<readonly Toast[]>([]);
  private nextId = 1;

  /** Shows a message for a few seconds (errors stay until dismissed). */
  show(tone: Toast['tone'], text: string): void {
    const toast = { id: this.nextId++, tone, text };
    this.items = [...this.items.slice(-4), toast];
    if (tone !== 'error') setTimeout(() => this.dismiss(toast.id), 5000);
  }

  /** Removes a message. */
  dismiss(id: number): void {
    this.items = this.items.filter((item) => item.id !== id);
  }
}

/** The one toast list of the page. */
export const toasts = new ToastState();
