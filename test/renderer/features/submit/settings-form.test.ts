import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSettingValue, JobTypeSpec } from '../../../../electron/common/domain/job-settings';
import { formIssues } from '../../../../renderer/src/lib/job-form';
import SettingsForm from '../../../../renderer/src/features/submit/SettingsForm.svelte';
import { echoSleepTest, everyShape, simpleBlenderRender } from '../../job-types';

type Change = readonly [string, JobSettingValue];

function renderForm(jobType: JobTypeSpec, values: Record<string, JobSettingValue>, auto: Record<string, boolean> = {}) {
  const changes: Change[] = [];
  const autos: (readonly [string, boolean])[] = [];
  const picks: (readonly [string, string])[] = [];
  const result = render(SettingsForm, {
    props: {
      jobType,
      values,
      auto,
      issues: formIssues(jobType, values, auto),
      onchange: (key: string, value: JobSettingValue) => void changes.push([key, value]),
      onauto: (key: string, value: boolean) => void autos.push([key, value]),
      onpick: (key: string, pick: 'file' | 'directory') => void picks.push([key, pick]),
    },
  });
  return { ...result, changes, autos, picks };
}

afterEach(() => cleanup());

describe('SettingsForm', () => {
  it('renders one labelled control per shown setting of a custom job type, typed by its shape', () => {
    renderForm(everyShape, { quality: 'draft', samples: 64, exposure: 0.5, denoise: true, computed_path: '/c/x' }, { camera: true });
    expect((screen.getByLabelText(/Shot title/) as HTMLInputElement).type).toBe('text');
    expect((screen.getByLabelText('Quality') as HTMLSelectElement).tagName).toBe('SELECT');
    expect([...(screen.getByLabelText('Quality') as HTMLSelectElement).options].map((option) => option.value)).toEqual(['', 'draft', 'final']);
    const samples = screen.getByLabelText('Samples') as HTMLInputElement;
    expect([samples.type, samples.min, samples.max, samples.step, samples.value]).toEqual(['number', '1', '4096', '1', '64']);
    expect((screen.getByLabelText('Exposure') as HTMLInputElement).step).toBe('0.1');
    expect((screen.getByLabelText('Denoise') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Choose Lut file' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Choose Cache dir' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Choose Asset' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Choose Slate name' })).toBeNull();
    expect((screen.getByLabelText('Computed path') as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByLabelText('Camera') as HTMLInputElement).readOnly).toBe(true);
    expect(screen.queryByLabelText('Secret hidden')).toBeNull();
    expect(screen.queryByLabelText('Web only')).toBeNull();
    expect(screen.getByLabelText('Shown visible')).toBeTruthy();
  });

  it('marks required settings for sight and for screen readers', () => {
    renderForm(echoSleepTest, { sleep_duration_seconds: 1, sleep_repeats: 1 });
    const message = screen.getByLabelText(/Message/) as HTMLInputElement;
    expect(message.getAttribute('aria-required')).toBe('true');
    expect(screen.getByText('(required)')).toBeTruthy();
  });

  it('reports typed values: numbers as numbers, checkboxes as booleans, choices as text', async () => {
    const form = renderForm(everyShape, { quality: 'draft', samples: 64, denoise: true });
    await fireEvent.input(screen.getByLabelText('Samples'), { target: { value: '128' } });
    await fireEvent.click(screen.getByLabelText('Denoise'));
    await fireEvent.change(screen.getByLabelText('Quality'), { target: { value: 'final' } });
    await fireEvent.input(screen.getByLabelText(/Shot title/), { target: { value: 'sq010' } });
    expect(form.changes).toEqual([
      ['samples', 128],
      ['denoise', false],
      ['quality', 'final'],
      ['title', 'sq010'],
    ]);
  });

  it('asks for a directory for dir_path settings and a file for file paths', async () => {
    const form = renderForm(simpleBlenderRender, { chunk_size: 1, add_path_components: 0 }, { frames: true });
    await fireEvent.click(screen.getByRole('button', { name: 'Choose Render output root' }));
    expect(form.picks).toEqual([['render_output_root', 'directory']]);
    expect(screen.queryByRole('button', { name: 'Choose Render output path' })).toBeNull();
  });

  it('toggles frames between automatic and manual with the link button', async () => {
    const form = renderForm(simpleBlenderRender, { frames: '1-250', chunk_size: 1, add_path_components: 0 }, { frames: true });
    const toggle = screen.getByRole('button', { name: 'Evaluate Frames automatically' });
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByLabelText(/Frames/, { selector: 'input' }) as HTMLInputElement).readOnly).toBe(true);
    await fireEvent.click(toggle);
    expect(form.autos).toEqual([['frames', false]]);
  });

  it('shows a problem inline once the user has left the field', async () => {
    renderForm(simpleBlenderRender, { frames: '1-3', chunk_size: 1, add_path_components: 0, render_output_root: '' }, { frames: true });
    expect(screen.queryByRole('alert')).toBeNull();
    await fireEvent.blur(screen.getByLabelText(/Render output root/, { selector: 'input' }));
    expect(screen.getByRole('alert').textContent).toBe('render_output_root is required');
    expect(screen.getByLabelText(/Render output root/, { selector: 'input' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('renders Manager-supplied labels and descriptions as text, never as HTML', () => {
    const hostile: JobTypeSpec = {
      name: 'x',
      label: 'x',
      etag: 'e',
      settings: [{ key: 'k', type: 'string', label: '<img src=x onerror="window.hacked=1">', description: '<b>bold</b>' }],
    };
    const { container } = renderForm(hostile, {});
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByText('<b>bold</b>')).toBeTruthy();
    expect(screen.getByLabelText('<img src=x onerror="window.hacked=1">')).toBeTruthy();
  });

  it('says so when a job type has nothing to fill in', () => {
    renderForm({ name: 'empty', label: 'Empty', etag: 'e', settings: [{ key: 'only_web', type: 'string', visible: 'web' }] }, {});
    expect(screen.getByText('This job type has no settings to fill in.')).toBeTruthy();
  });
});
