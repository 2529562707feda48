import { describe, expect, it } from 'vitest';
import { applyEvaluations, formFields, formIssues, initialAuto, initialValues, submittedValues } from '../../../renderer/src/lib/job-form';
import { echoSleepTest, everyShape, simpleBlenderRender } from '../job-types';

describe('formFields', () => {
  it('maps every setting shape of a custom job type to its control and leaves hidden and web settings out', () => {
    expect(formFields(everyShape)).toEqual([
      { key: 'title', label: 'Shot title', description: 'Shown on the slate', control: { kind: 'text' }, required: true, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'quality', label: 'Quality', description: undefined, control: { kind: 'select', choices: ['draft', 'final'] }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'samples', label: 'Samples', description: undefined, control: { kind: 'number', integer: true, min: 1, max: 4096 }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'exposure', label: 'Exposure', description: undefined, control: { kind: 'number', integer: false, min: -10, max: 10, step: 0.1 }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'denoise', label: 'Denoise', description: undefined, control: { kind: 'checkbox' }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'lut_file', label: 'Lut file', description: undefined, control: { kind: 'path', pick: 'file', hashed: false }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'cache_dir', label: 'Cache dir', description: undefined, control: { kind: 'path', pick: 'directory', hashed: false }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'slate_name', label: 'Slate name', description: undefined, control: { kind: 'text' }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'asset', label: 'Asset', description: undefined, control: { kind: 'path', pick: 'file', hashed: true }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
      { key: 'camera', label: 'Camera', description: undefined, control: { kind: 'text' }, required: false, readOnly: false, autoToggle: { description: 'Scene camera' }, evaluated: true },
      { key: 'computed_path', label: 'Computed path', description: undefined, control: { kind: 'text' }, required: false, readOnly: true, autoToggle: undefined, evaluated: true },
      { key: 'shown_visible', label: 'Shown visible', description: undefined, control: { kind: 'text' }, required: false, readOnly: false, autoToggle: undefined, evaluated: false },
    ]);
  });

  it('shows the five submission settings of simple-blender-render, with the auto toggle on frames and a computed output path', () => {
    expect(formFields(simpleBlenderRender).map((field) => [field.key, field.control.kind, field.required, field.readOnly, field.autoToggle !== undefined])).toEqual([
      ['frames', 'text', true, false, true],
      ['chunk_size', 'number', false, false, false],
      ['render_output_root', 'path', true, false, false],
      ['add_path_components', 'number', true, false, false],
      ['render_output_path', 'path', false, true, false],
    ]);
  });

  it('shows the three settings of echo-sleep-test', () => {
    expect(formFields(echoSleepTest).map((field) => [field.key, field.control, field.required])).toEqual([
      ['message', { kind: 'text' }, true],
      ['sleep_duration_seconds', { kind: 'number', integer: true }, false],
      ['sleep_repeats', { kind: 'number', integer: true }, false],
    ]);
  });
});

describe('initial values', () => {
  it('starts from typed defaults, then the preset, ignoring defaults of the wrong type', () => {
    const jobType = { ...echoSleepTest, settings: [...echoSleepTest.settings, { key: 'broken', type: 'int32' as const, default: 'seven' }] };
    expect(initialValues(jobType, { sleep_repeats: 4 })).toEqual({ sleep_duration_seconds: 1, sleep_repeats: 4 });
  });

  it('puts link-button settings in auto mode, except read-only ones', () => {
    expect(initialAuto(simpleBlenderRender)).toEqual({ frames: true });
    expect(initialAuto(everyShape)).toEqual({ camera: true });
  });
});

describe('applyEvaluations', () => {
  it('fills read-only, auto and empty settings but keeps what the user typed', () => {
    const result = applyEvaluations(
      everyShape,
      { title: 'mine', camera: 'CamA', shown_visible: '' },
      { camera: false },
      [
        { key: 'camera', outcome: 'value', source: 'eval', value: 'CamB' },
        { key: 'computed_path', outcome: 'value', source: 'eval', value: '/cache/x' },
        { key: 'title', outcome: 'value', source: 'given', value: 'ignored: no eval' },
      ],
    );
    expect(result).toEqual({ values: { title: 'mine', camera: 'CamA', shown_visible: '', computed_path: '/cache/x' }, errors: {} });
  });

  it('replaces an auto value and reports evaluation errors per setting', () => {
    const result = applyEvaluations(simpleBlenderRender, { frames: '5-6' }, { frames: true }, [
      { key: 'frames', outcome: 'value', source: 'eval', value: '1-250' },
      { key: 'render_output_path', outcome: 'error', error: 'render_output_root is empty' },
    ]);
    expect(result).toEqual({ values: { frames: '1-250' }, errors: { render_output_path: 'render_output_root is empty' } });
  });
});

describe('formIssues and submittedValues', () => {
  it('reports missing required settings and bad ranges of shown, editable, manual settings only', () => {
    const issues = formIssues(simpleBlenderRender, { frames: '', chunk_size: 1, add_path_components: 40 }, { frames: true });
    expect(Object.keys(issues)).toEqual(['render_output_root', 'add_path_components']);
    expect(issues['add_path_components']?.kind).toBe('range');
  });

  it('checks a manual frame range the way the Manager parses it', () => {
    expect(formIssues(simpleBlenderRender, { frames: '1-10 x', render_output_root: '/r', add_path_components: 0 }, { frames: false })['frames']?.kind).toBe('frame-range');
  });

  it('sends manual values of shown settings and leaves auto and computed ones to submit-time evaluation', () => {
    expect(
      submittedValues(simpleBlenderRender, { frames: '1-3', chunk_size: 2, render_output_root: '/r', add_path_components: 0, render_output_path: '/r/x', fps: 24 }, { frames: true }),
    ).toEqual({ chunk_size: 2, render_output_root: '/r', add_path_components: 0 });
  });
});
