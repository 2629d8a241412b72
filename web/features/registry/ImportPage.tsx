/** Placeholder: being built. */
export function ImportPage() {
  return null;
}
