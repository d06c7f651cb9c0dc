import type { LiveMeeting, LiveSnapshot } from '../live/live-meeting.js';
import type { Session } from '../session.js';

export type ViewProps = { live: LiveMeeting; snapshot: LiveSnapshot; session: Session };
