/** Placeholder: being built. */
export function CoveragePage() {
  return null;
}
