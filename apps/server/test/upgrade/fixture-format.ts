/** What a release fixture's `expected.json` holds (written by make-fixture.ts, read by upgrade.test.ts). */
export type FixtureExpectations = {
  release: string;
  meetingId: string;
  adminToken: string;
  tokens: { chair: string; secretariat: string; delegateUz: string; delegateKz: string; revokedObserver: string };
  openPollId: string;
  closedPollId: string;
  state: unknown;
  ballots: unknown;
  notes: { opening: string; 'uz-lab': string };
  /**
   * The names of the notes' Y.Texts the fixture wrote. Absent in the fixtures of 0.1.0 and 0.2.0,
   * whose maker wrote `item-<itemId>`, a name the web never used (it writes `notesTextName`).
   */
  notesTextNames?: { opening: string; 'uz-lab': string };
  /** Size of the meeting document's state, for a reader comparing releases. */
  meetingDocBytes: number;
  log: { commands: number; digest: string; intact: boolean; commandIds: string[] };
  file: { id: string; size: number };
  minutesMd: { en: string };
};

/** The minutes are compared as of one fixed instant (they print when they were made). */
export const FIXTURE_MINUTES_AT = Date.UTC(2021, 5, 8, 14, 0, 0);

/** The name under which a fixture holds an item's notes (see `notesTextNames`). */
export function fixtureNotesName(expected: FixtureExpectations, itemId: 'opening' | 'uz-lab'): string {
  return expected.notesTextNames?.[itemId] ?? `item-${itemId}`;
}
