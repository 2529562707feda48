import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../electron/core/errors';
import { defaultJobName, interpretOutput } from '../../../../electron/core/blender/introspect';
import { extractMarkedJson } from '../../../../electron/core/blender/marked-output';

const marker = 'FLAMENCO_DESK_RESULT_0123456789abcdef';

const result = {
  file: '/p/scene.blend',
  blenderVersion: '3.4.1',
  fileVersion: '3.4',
  fileSubversion: 6,
  activeScene: 'Scene',
  scenes: [],
  blendPaths: ['/p/tex.png'],
  libraries: [],
  settings: [
    { key: 'frames', outcome: 'value', source: 'eval', value: '1-250' },
    { key: 'bad', outcome: 'error', error: 'ZeroDivisionError: division by zero' },
  ],
};

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error instanceof CoreError ? { code: error.code, message: error.message } : error;
  }
  return 'did not throw';
}

describe('extractMarkedJson', () => {
  it('finds the marked line among Blender noise, also when noise precedes it on the same line', () => {
    const output = `Blender 3.4.1\nRead blend: /p/scene.blend\nWarning: 1 x Image not found${marker} {"a": [1, 2]}\n\nBlender quit\n`;
    expect(extractMarkedJson(output, marker)).toEqual({ a: [1, 2] });
  });

  it('takes the last marked line and ignores a marker with another nonce', () => {
    const output = `FLAMENCO_DESK_RESULT_ffff {"wrong": true}\n${marker} {"first": true}\n${marker} {"last": true}\r\n`;
    expect(extractMarkedJson(output, marker)).toEqual({ last: true });
  });

  it('returns undefined without a marked line or with cut-off JSON', () => {
    expect([extractMarkedJson('Blender quit\n', marker), extractMarkedJson(`${marker} {"cut": `, marker)]).toEqual([undefined, undefined]);
  });
});

describe('interpretOutput', () => {
  it('returns the reported facts and settings', () => {
    expect(interpretOutput(`noise\n${marker} ${JSON.stringify(result)}\nBlender quit\n`, '', marker, '/p/scene.blend', 0)).toEqual(result);
  });

  it('throws blend-invalid when Blender says the file cannot be read', () => {
    const output = "Blender 3.4.1\nError: File format is not supported in file '/p/bad.blend'\n\nBlender quit\n";
    expect(caught(() => interpretOutput(output, output, marker, '/p/bad.blend', 1))).toEqual({
      code: 'blend-invalid',
      message: "Blender cannot open /p/bad.blend: File format is not supported in file '/p/bad.blend'",
    });
  });

  it('throws blend-invalid when the script saw another file open', () => {
    const stdout = `${marker} {"error": {"kind": "not-opened", "message": "Blender did not open /p/a.blend (open file: '')"}}\n`;
    expect(caught(() => interpretOutput(stdout, stdout, marker, '/p/a.blend', 0))).toEqual({ code: 'blend-invalid', message: "Blender did not open /p/a.blend (open file: '')" });
  });

  it('throws blender-failed on a crash, a script error or an unexpected shape', () => {
    const crash = 'Blender 3.4.1\nSegmentation fault (core dumped)\n';
    const scriptError = `${marker} {"error": {"kind": "script", "message": "KeyError: 'marker'", "traceback": "..."}}\n`;
    const shape = `${marker} {"file": 3}\n`;
    expect([
      caught(() => interpretOutput(crash, crash, marker, '/p/a.blend', null)),
      caught(() => interpretOutput(scriptError, scriptError, marker, '/p/a.blend', 0)),
      (caught(() => interpretOutput(shape, shape, marker, '/p/a.blend', 0)) as { code: string }).code,
    ]).toEqual([
      { code: 'blender-failed', message: 'Blender exited (code null) without reporting on /p/a.blend.' },
      { code: 'blender-failed', message: "KeyError: 'marker'" },
      'blender-failed',
    ]);
  });
});

describe('defaultJobName', () => {
  it('is the file name without its last extension, like the add-on', () => {
    expect([defaultJobName('/p/shot-010.anim.blend'), defaultJobName('/p/scene.blend'), defaultJobName('/p/noext')]).toEqual(['shot-010.anim', 'scene', 'noext']);
  });
});
