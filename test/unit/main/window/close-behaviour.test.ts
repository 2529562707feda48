import { describe, expect, it } from 'vitest';
import { closeDecision } from '../../../../electron/main/window/close-behaviour';

describe('closeDecision', () => {
  it('hides to the tray and tells the user the first time', () => {
    expect([
      closeDecision({ quitting: false, trayAvailable: true, trayHintShown: false }),
      closeDecision({ quitting: false, trayAvailable: true, trayHintShown: true }),
    ]).toEqual([
      { kind: 'hide', tellUser: true },
      { kind: 'hide', tellUser: false },
    ]);
  });

  it('closes when quitting or when there is no tray', () => {
    expect([
      closeDecision({ quitting: true, trayAvailable: true, trayHintShown: false }),
      closeDecision({ quitting: false, trayAvailable: false, trayHintShown: false }),
    ]).toEqual([{ kind: 'close' }, { kind: 'close' }]);
  });
});
