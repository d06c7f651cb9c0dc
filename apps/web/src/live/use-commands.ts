import { useCallback, useState } from 'react';
import type { ProtocolError } from '@rostrum/core';
import type { CommandInput, LiveMeeting } from './live-meeting.js';

/** Sends commands and keeps the last refusal to show, translated, to the user. */
export function useCommands(live: LiveMeeting) {
  const [error, setError] = useState<ProtocolError | null>(null);
  const [pending, setPending] = useState(0);
  const run = useCallback(
    async (input: CommandInput): Promise<boolean> => {
      setPending((n) => n + 1);
      const ack = await live.command(input);
      setPending((n) => n - 1);
      setError(ack.ok ? null : ack.error);
      return ack.ok;
    },
    [live],
  );
  return { run, error, clearError: () => setError(null), busy: pending > 0 };
}
