import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { invalidateIsolation } from './isolation.api';

/** What the server streams about isolation for the account's subtree. */
export const ISOLATION_EVENTS = [
  'isolation.checked',
  'isolation.check_confirmed',
  'isolation.changed',
  'alert.created',
  'alert.resolved',
] as const;

/**
 * Live refresh for the isolation pages: on a check recorded elsewhere (another worker, a self-report)
 * or an alert raised or handled, the isolation and alert queries are refetched. A burst is folded into
 * one refresh. Without the stream the pages still work, refreshing on their own actions and timers.
 *
 * `events` adds names to listen to; `onEvent` runs instead of the default refresh when given.
 */
export function useIsolationEvents(options: { events?: readonly string[]; onEvent?: () => void } = {}): void {
  const queryClient = useQueryClient();
  const onEvent = useRef(options.onEvent);
  onEvent.current = options.onEvent;
  const names = [...new Set([...ISOLATION_EVENTS, ...(options.events ?? [])])].join(',');
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let timer: number | undefined;
    const source = new EventSource('/api/events');
    const changed = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (onEvent.current) onEvent.current();
        else void invalidateIsolation(queryClient);
      }, 300);
    };
    const types = names.split(',');
    for (const type of types) source.addEventListener(type, changed);
    source.onerror = () => {
      // A closed stream (signed out, endpoint missing) is not retried by the browser; that is fine.
      if (source.readyState === EventSource.CLOSED) source.close();
    };
    return () => {
      window.clearTimeout(timer);
      for (const type of types) source.removeEventListener(type, changed);
      source.close();
    };
  }, [queryClient, names]);
}
