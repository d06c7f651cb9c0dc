import {
  TEXT_LIMITS,
  textTargetKey,
  VOTE_FORM_LIMITS,
  type Lang,
  type MeetingTextEntry,
  type TextTarget,
  type TextTargetKind,
} from '@rostrum/core';

/** The parts of the meeting a secretariat translates, in the order the panel lists them. */
export const TEXT_GROUPS = ['meeting', 'agenda', 'presenters', 'delegations', 'proposals', 'decisions'] as const;
export type TextGroup = (typeof TEXT_GROUPS)[number];

const GROUP_OF: Record<TextTargetKind, TextGroup> = {
  'meeting.title': 'meeting',
  'chair.name': 'meeting',
  'item.title': 'agenda',
  'document.title': 'agenda',
  'presenter.name': 'presenters',
  'presenter.title': 'presenters',
  'delegation.name': 'delegations',
  'proposal.title': 'proposals',
  'proposal.text': 'proposals',
  'decision.text': 'decisions',
};

export function groupOf(target: TextTarget): TextGroup {
  return GROUP_OF[target.kind];
}

/** The longest a text of this kind may be, as the server's rule for `text.translate` has it. */
export function maxLengthOf(kind: TextTargetKind): number {
  switch (kind) {
    case 'meeting.title':
    case 'item.title':
      return TEXT_LIMITS.shortText;
    case 'proposal.title':
      return VOTE_FORM_LIMITS.title;
    case 'proposal.text':
      return VOTE_FORM_LIMITS.proposalText;
    case 'decision.text':
      return VOTE_FORM_LIMITS.decisionText;
    default:
      return TEXT_LIMITS.name;
  }
}

/** Texts long enough to be written in a box of several lines. */
export function isLongText(kind: TextTargetKind): boolean {
  return kind === 'proposal.text' || kind === 'decision.text';
}

export type TextRow = MeetingTextEntry & { key: string; missing: boolean };
export type GroupOfTexts = { group: TextGroup; rows: TextRow[]; missing: number };

/**
 * The meeting's texts for a translator into `lang`, by group, each group in the meeting's own
 * order. With `onlyMissing`, only the texts still missing in `lang` are listed, and those in
 * `keep` (just translated here: a row does not vanish under the person who filled it in). A
 * group with nothing to list is left out; `missing` counts the group's missing texts all the same.
 */
export function groupTexts(
  entries: readonly MeetingTextEntry[],
  lang: Lang,
  options: { onlyMissing: boolean; keep?: ReadonlySet<string> },
): GroupOfTexts[] {
  const groups = new Map<TextGroup, GroupOfTexts>(TEXT_GROUPS.map((group) => [group, { group, rows: [], missing: 0 }]));
  for (const entry of entries) {
    const key = textTargetKey(entry.target);
    const missing = !entry.text[lang];
    const group = groups.get(groupOf(entry.target));
    if (!group) continue;
    if (missing) group.missing += 1;
    if (options.onlyMissing && !missing && !options.keep?.has(key)) continue;
    group.rows.push({ ...entry, key, missing });
  }
  return [...groups.values()].filter((g) => g.rows.length > 0);
}

/**
 * The language the panel opens on: the first translation language with texts missing, else
 * the first translation language, else the original (a meeting in one language).
 */
export function firstLanguageToTranslate(languages: readonly Lang[], missing: Partial<Record<Lang, number>>): Lang {
  const translations = languages.slice(1);
  return translations.find((l) => (missing[l] ?? 0) > 0) ?? translations[0] ?? languages[0] ?? 'en';
}
