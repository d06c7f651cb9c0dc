import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LiveMeeting, LiveSnapshot } from './live-meeting.js';

export function useLive(live: LiveMeeting): LiveSnapshot {
  return useSyncExternalStore(live.subscribe, live.getSnapshot);
}

/** The server's clock, ticking every `intervalMs` (corrected by the measured offset). */
export function useServerNow(offset: number, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    const timer = setInterval(() => setNow(Date.now() + offset), intervalMs);
    return () => clearInterval(timer);
  }, [offset, intervalMs]);
  return now;
}
