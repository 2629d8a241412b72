import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { invalidateUnits } from './units.api';

/**
 * Live refresh: the server streams `unit.changed` events for the account's subtree. A burst (bulk
 * creation, import) is folded into one refresh. Without the stream the page still works, it just
 * refreshes on its own actions only.
 */
export function useUnitEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let timer: number | undefined;
    const source = new EventSource('/api/events');
    const onChange = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void invalidateUnits(queryClient), 400);
    };
    source.addEventListener('unit.changed', onChange);
    source.onerror = () => {
      // A closed stream (signed out, endpoint missing) is not retried by the browser; that is fine.
      if (source.readyState === EventSource.CLOSED) source.close();
    };
    return () => {
      window.clearTimeout(timer);
      source.close();
    };
  }, [queryClient]);
}
