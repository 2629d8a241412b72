/** Placeholder: being built. */
export function RegistrationsPage() {
  return null;
}
