import { v7 } from 'uuid';

/** UUIDv7: sortable by time, the same on both databases, safe to make on devices. */
export const newId = (): string => v7();
