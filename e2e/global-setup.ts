import { ensureWebBuilt } from './web-build';

/**
 * Builds the web once before any journey runs, in vitest's main process: a build inside a test
 * worker blocks it long enough for vitest's worker RPC to time out on a loaded machine.
 */
export default function setup(): void {
  ensureWebBuilt();
}
