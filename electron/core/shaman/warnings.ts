import type { PackPlan, TransferWarning } from '../../common/domain/shaman';

/**
 * What the user must hear before any upload: dependencies outside the project root (their
 * absolute paths inside the .blend are not rewritten, so on the farm they resolve only if
 * the same path exists there) and dependencies that do not exist.
 */
export function planWarnings(plan: PackPlan): readonly TransferWarning[] {
  const warnings: TransferWarning[] = [];
  for (const file of plan.outside) {
    warnings.push({
      kind: 'outside-project',
      absolutePath: file.absolutePath,
      packPath: file.packPath,
      message:
        file.packPath === undefined
          ? `${file.absolutePath} is outside the project ${plan.projectRoot} and is left out; the farm must have it at the same path.`
          : `${file.absolutePath} is outside the project ${plan.projectRoot}; it is sent as ${file.packPath}, but the .blend still points to the original path.`,
    });
  }
  for (const absolutePath of plan.missing) {
    warnings.push({ kind: 'missing-file', absolutePath, message: `${absolutePath} is used by the .blend but does not exist; it is left out.` });
  }
  return warnings;
}
