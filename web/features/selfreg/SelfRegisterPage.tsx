/** Placeholder: being built. */
export function SelfRegisterPage() {
  return null;
}
