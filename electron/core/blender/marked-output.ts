/**
 * Finds the JSON a script printed after `marker` on a line of its own. Blender prints noise
 * (start-up lines, warnings, "Blender quit") around a script's output, and a script's line can
 * follow noise without a line break, so the marker is searched anywhere in a line and the last
 * marked line wins. Returns undefined when no line carries the marker or its JSON does not parse.
 */
export function extractMarkedJson(output: string, marker: string): unknown {
  const lines = output.split(/\r?\n/);
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index] ?? '';
    const at = line.indexOf(`${marker} `);
    if (at < 0) continue;
    try {
      return JSON.parse(line.slice(at + marker.length + 1)) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
