import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../electron/common/domain/settings';
import { EventHub } from '../../../../electron/core/api/event-hub';
import { emit, forwardEvents } from '../../../../electron/main/ipc/emit';

describe('emit', () => {
  it('sends to a live page and skips a destroyed or missing one', () => {
    const sent: unknown[][] = [];
    const live = { send: (...args: unknown[]) => sent.push(args), isDestroyed: () => false };
    const destroyed = { send: (...args: unknown[]) => sent.push(args), isDestroyed: () => true };
    const results = [emit(live, 'shell:files-opened', { paths: ['/a.blend'] }), emit(destroyed, 'shell:navigate', { screen: 'submit' }), emit(undefined, 'shell:navigate', { screen: 'submit' })];
    expect({ results, sent }).toEqual({ results: [true, false, false], sent: [['shell:files-opened', { paths: ['/a.blend'] }]] });
  });
});

describe('forwardEvents', () => {
  it('forwards core events to the current page until unsubscribed, logging failed sends', () => {
    const hub = new EventHub();
    const sent: unknown[][] = [];
    const lines: string[] = [];
    let broken = false;
    const page = {
      send: (...args: unknown[]) => {
        if (broken) throw new Error('render frame disposed');
        sent.push(args);
      },
      isDestroyed: () => false,
    };
    const stop = forwardEvents(hub, () => page, { log: (level, message) => lines.push(`${level} ${message}`) });
    hub.emit('settings:changed', defaultSettings);
    broken = true;
    hub.emit('shell:navigate', { screen: 'queue' });
    stop();
    broken = false;
    hub.emit('shell:navigate', { screen: 'submit' });
    expect({ sent, lines }).toEqual({ sent: [['settings:changed', defaultSettings]], lines: ['warn event not delivered'] });
  });
});
