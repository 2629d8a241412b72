/** Placeholder: being built. */
export function PosterPage() {
  return null;
}
