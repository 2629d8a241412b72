/** Placeholder: being built. */
export function CardsPage() {
  return null;
}
