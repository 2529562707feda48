import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The suffixes a Manager lists for a job's last-rendered image, largest first (MANAGER-FACTS.md). */
export const lastRenderedSuffixes = ['last-rendered.jpg', 'last-rendered-small.jpg', 'last-rendered-tiny.jpg'] as const;

/** One of the three last-rendered image sizes: 1920x1080, 600x338, 200x112. */
export type LastRenderedSuffix = (typeof lastRenderedSuffixes)[number];

const imageDirectory = fileURLToPath(new URL('../../fixtures/images/', import.meta.url));
const cache = new Map<LastRenderedSuffix, Buffer>();

/** Whether `name` is one of the last-rendered image file names. */
export function isLastRenderedSuffix(name: string): name is LastRenderedSuffix {
  return (lastRenderedSuffixes as readonly string[]).includes(name);
}

/**
 * The JPEG bytes the double serves for `suffix`: real images in the Manager's sizes
 * (`test/fixtures/images/`, made with ImageMagick), so a UI showing them renders a picture.
 */
export function lastRenderedImage(suffix: LastRenderedSuffix): Buffer {
  let bytes = cache.get(suffix);
  if (bytes === undefined) {
    bytes = readFileSync(`${imageDirectory}${suffix}`);
    cache.set(suffix, bytes);
  }
  return bytes;
}
