import { EventEmitter } from 'node:events';
import { inSubtree } from './context';

/** Something that happened at a node of the grid, for pages that are open right now. */
export type HubEvent = { type: string; unitPath: string; data: Record<string, unknown> };

/**
 * In-process publish/subscribe for server-sent events. Each subscriber names the subtree it may see;
 * an event reaches it only when the event's node lies inside that subtree. One process serves one
 * sub-district, so no broker is needed (see docs/DECISIONS.md).
 */
export class EventHub {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: HubEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(scopePath: string, listener: (e: HubEvent) => void): () => void {
    const filtered = (e: HubEvent) => {
      if (inSubtree(scopePath, e.unitPath)) listener(e);
    };
    this.emitter.on('event', filtered);
    return () => this.emitter.off('event', filtered);
  }

  get subscriberCount(): number {
    return this.emitter.listenerCount('event');
  }
}
