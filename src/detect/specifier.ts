// Which import specifiers point into the project. Its own module: the scan reads specifiers from text (changed.ts)
// without loading the detector.

/** Relative paths and the `@/` root alias (uni-app, Vue CLI, Vite) point into the project. */
export function isProjectSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('@/') || specifier.startsWith('~/');
}
