import {
  meetingDefinitionSchema,
  TEXT_LIMITS,
  VOTE_TEXT_LIMITS,
  SEATS,
  type Lang,
  type MeetingDefinition,
  type Seat,
  type MeetingDefinitionInput,
} from '@rostrum/core';
import { draftOf, textFieldProblems, textOfDraft, type TextDraft } from '../../components/text-fields.js';
import { uniqueIdOf } from './ids.js';
import { zonedStartsAt } from './zoned-time.js';

/**
 * What the person has filled in so far, as typed (untrimmed, possibly blank or wrong): kept while
 * the wizard is open and in localStorage when it is left, and made into a meeting definition by
 * `buildDefinition` only when it is checked or sent.
 */
/**
 * A person who holds one of a delegation's links, for the invitations by email: as typed; `email`
 * and `title` '' for none, `language` '' for the meeting's original.
 */
export type DraftPerson = { name: string; title: string; email: string; language: Lang | '' };
/** `people`: its head of delegation and deputy, when known (drafts kept before they were have none). */
export type DraftDelegation = { id: string; name: TextDraft; people?: Partial<Record<Seat, DraftPerson>> };
export type DraftPresenter = { id: string; name: TextDraft; title: TextDraft; delegationId: string };
export type DraftDocument = { title: TextDraft; url: string };
export type DraftItem = {
  id: string;
  title: TextDraft;
  minutes: string;
  presenterIds: string[];
  documents: DraftDocument[];
};
export type DraftProposal = {
  id: string;
  agendaItemId: string;
  title: TextDraft;
  text: TextDraft;
  sponsorDelegationId: string;
};
export type WizardDraft = {
  version: 1;
  step: number;
  languages: Lang[];
  title: TextDraft;
  date: string;
  time: string;
  timeZone: string;
  videoLink: string;
  interpretationLinks: Partial<Record<Lang, string>>;
  chair: { name: TextDraft; delegationId: string };
  /** The chair as a person, for the chair's invitation by email (optional; older drafts have none). */
  chairPerson?: DraftPerson;
  presenters: DraftPresenter[];
  agenda: DraftItem[];
  delegations: DraftDelegation[];
  proposals: DraftProposal[];
};

export function emptyDraft(language: Lang, timeZone: string): WizardDraft {
  return {
    version: 1,
    step: 0,
    languages: [language],
    title: {},
    date: '',
    time: '10:00',
    timeZone,
    videoLink: '',
    interpretationLinks: {},
    chair: { name: {}, delegationId: '' },
    presenters: [],
    agenda: [],
    delegations: [],
    proposals: [],
  };
}

/** Why a field cannot be sent, as the wizard says it in the person's language (`wizard.problem.*`). */
export type ProblemCode =
  | 'required'
  | 'tooLong'
  | 'invalid'
  | 'url'
  | 'datetime'
  | 'timeZone'
  | 'minutes'
  | 'id'
  | 'duplicateId'
  | 'tooFew'
  | 'tooMany'
  | 'reference';
/** Problems by the dotted path of their field (`agenda.2.title.fr`, `delegations.0.id`, `startsAt`). */
export type Problems = Record<string, ProblemCode>;

export type Built = { ok: true; definition: MeetingDefinition } | { ok: false; problems: Problems };

/** The texts of a draft with their paths and limits: checked per field, in the person's language. */
function draftTexts(d: WizardDraft): { path: string; text: TextDraft; max: number }[] {
  return [
    { path: 'title', text: d.title, max: TEXT_LIMITS.shortText },
    { path: 'chair.name', text: d.chair.name, max: TEXT_LIMITS.name },
    ...d.presenters.flatMap((p, i) => [
      { path: `presenters.${i}.name`, text: p.name, max: TEXT_LIMITS.name },
      { path: `presenters.${i}.title`, text: p.title, max: TEXT_LIMITS.name },
    ]),
    ...d.agenda.flatMap((a, i) => [
      { path: `agenda.${i}.title`, text: a.title, max: TEXT_LIMITS.shortText },
      ...a.documents.map((doc, j) => ({
        path: `agenda.${i}.documents.${j}.title`,
        text: doc.title,
        max: TEXT_LIMITS.name,
      })),
    ]),
    ...d.delegations.map((del, i) => ({ path: `delegations.${i}.name`, text: del.name, max: TEXT_LIMITS.name })),
    ...d.proposals.flatMap((p, i) => [
      { path: `proposals.${i}.title`, text: p.title, max: TEXT_LIMITS.shortText },
      { path: `proposals.${i}.text`, text: p.text, max: VOTE_TEXT_LIMITS.proposalText },
    ]),
  ];
}

/** A participant of the definition made from a delegation's person, with where it came from in the draft. */
type PersonEntry = { path: string; participant: NonNullable<MeetingDefinitionInput['participants']>[number] };

/**
 * The heads and deputies the draft names, as the definition's participants (the server keeps
 * them apart from the meeting's record): a person without a name is none.
 */
function draftPeople(d: WizardDraft): PersonEntry[] {
  const chair = d.chairPerson;
  const chairEntry: PersonEntry[] =
    chair && chair.name.trim() !== ''
      ? [
          {
            path: 'chairPerson',
            participant: {
              seatKey: 'chair',
              delegationId: null,
              name: chair.name.trim(),
              title: chair.title.trim(),
              ...(chair.email.trim() === '' ? {} : { email: chair.email.trim() }),
              ...(chair.language === '' ? {} : { language: chair.language }),
            },
          },
        ]
      : [];
  return chairEntry.concat(
    d.delegations.flatMap((del, i) =>
      SEATS.flatMap((seat): PersonEntry[] => {
        const p = del.people?.[seat];
        if (!p || p.name.trim() === '') return [];
        const id = del.id.trim();
        return [
          {
            path: `delegations.${i}.people.${seat}`,
            participant: {
              seatKey: `delegate:${id}:${seat}`,
              delegationId: id,
              name: p.name.trim(),
              title: p.title.trim(),
              ...(p.email.trim() === '' ? {} : { email: p.email.trim() }),
              ...(p.language === '' ? {} : { language: p.language }),
            },
          },
        ];
      }),
    ),
  );
}

/** The definition a draft stands for, before any check (what is sent once it passes). */
export function definitionInput(d: WizardDraft): MeetingDefinitionInput {
  const langs = d.languages;
  const text = (t: TextDraft) => textOfDraft(t, langs);
  const interpretationLinks: Partial<Record<Lang, string>> = {};
  for (const lang of langs) {
    const url = d.interpretationLinks[lang]?.trim() ?? '';
    if (url !== '') interpretationLinks[lang] = url;
  }
  return {
    languages: langs,
    title: text(d.title),
    startsAt: zonedStartsAt(d.date, d.time, d.timeZone) ?? '',
    timeZone: d.timeZone.trim(),
    videoLink: d.videoLink.trim() === '' ? null : d.videoLink.trim(),
    interpretationLinks,
    chair: { name: text(d.chair.name), delegationId: d.chair.delegationId || null },
    delegations: d.delegations.map((del) => ({ id: del.id.trim(), name: text(del.name) })),
    presenters: d.presenters.map((p) => ({
      id: p.id.trim(),
      name: text(p.name),
      title: text(p.title),
      delegationId: p.delegationId || null,
    })),
    agenda: d.agenda.map((a) => ({
      id: a.id.trim(),
      title: text(a.title),
      plannedMinutes: Number(a.minutes),
      presenterIds: a.presenterIds,
      documents: a.documents.map((doc) => ({ title: text(doc.title), url: doc.url.trim() })),
    })),
    proposals: d.proposals.map((p) => ({
      id: p.id.trim(),
      agendaItemId: p.agendaItemId,
      title: text(p.title),
      text: text(p.text),
      sponsorDelegationId: p.sponsorDelegationId || null,
      documents: [],
    })),
    participants: draftPeople(d).map((e) => e.participant),
  };
}

/**
 * References to an entry no longer in its list (a delegation removed or its id changed after the
 * chair was given it): said at the field that refers, for the person to choose again.
 */
function staleReferences(d: WizardDraft, problems: Problems): void {
  const delegations = new Set(d.delegations.map((x) => x.id.trim()));
  const presenters = new Set(d.presenters.map((x) => x.id.trim()));
  const items = new Set(d.agenda.map((x) => x.id.trim()));
  if (d.chair.delegationId !== '' && !delegations.has(d.chair.delegationId))
    problems['chair.delegationId'] = 'reference';
  d.presenters.forEach((p, i) => {
    if (p.delegationId !== '' && !delegations.has(p.delegationId))
      problems[`presenters.${i}.delegationId`] = 'reference';
  });
  d.agenda.forEach((a, i) => {
    if (a.presenterIds.some((id) => !presenters.has(id))) problems[`agenda.${i}.presenterIds`] = 'reference';
  });
  d.proposals.forEach((p, i) => {
    if (p.agendaItemId === '') problems[`proposals.${i}.agendaItemId`] = 'required';
    else if (!items.has(p.agendaItemId)) problems[`proposals.${i}.agendaItemId`] = 'reference';
    if (p.sponsorDelegationId !== '' && !delegations.has(p.sponsorDelegationId))
      problems[`proposals.${i}.sponsorDelegationId`] = 'reference';
  });
}

function problemOfIssue(issue: { code: string; path: PropertyKey[]; format?: unknown; origin?: unknown }): ProblemCode {
  const last = issue.path[issue.path.length - 1];
  if (issue.path[0] === 'startsAt') return 'datetime';
  if (issue.path[0] === 'timeZone') return 'timeZone';
  if (last === 'plannedMinutes') return 'minutes';
  if (last === 'id' || last === 'delegationId') return 'id';
  if (last === 'url' || last === 'videoLink' || issue.path[0] === 'interpretationLinks') return 'url';
  if (issue.code === 'too_small') return issue.origin === 'array' ? 'tooFew' : 'required';
  if (issue.code === 'too_big') return issue.origin === 'array' ? 'tooMany' : 'tooLong';
  return 'invalid';
}

/** Ids used twice in a list: the second and later ones are marked, at their own field. */
function duplicateIds(list: { id: string }[], section: string, problems: Problems): void {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const id = entry.id.trim();
    if (seen.has(id)) problems[`${section}.${i}.id`] = 'duplicateId';
    seen.add(id);
  });
}

/**
 * The meeting definition a draft makes, checked by the core's `meetingDefinitionSchema` (the
 * server checks the same): every problem at its field, texts per language as `TextFields`
 * shows them.
 */
export function buildDefinition(d: WizardDraft): Built {
  const problems: Problems = {};
  for (const { path, text, max } of draftTexts(d)) {
    const found = textFieldProblems(text, d.languages, max);
    for (const [lang, code] of Object.entries(found)) problems[`${path}.${lang}`] = code;
  }
  if (d.date === '' || d.time === '') problems.startsAt = 'required';
  duplicateIds(d.delegations, 'delegations', problems);
  duplicateIds(d.presenters, 'presenters', problems);
  duplicateIds(d.agenda, 'agenda', problems);
  duplicateIds(d.proposals, 'proposals', problems);
  staleReferences(d, problems);
  // An address without a name: the person needs one.
  if (d.chairPerson && d.chairPerson.name.trim() === '' && d.chairPerson.email.trim() !== '')
    problems['chairPerson.name'] = 'required';
  d.delegations.forEach((del, i) => {
    for (const seat of SEATS) {
      const p = del.people?.[seat];
      if (p && p.name.trim() === '' && p.email.trim() !== '')
        problems[`delegations.${i}.people.${seat}.name`] = 'required';
    }
  });
  const people = draftPeople(d);
  const parsed = meetingDefinitionSchema.safeParse(definitionInput(d));
  if (parsed.success && Object.keys(problems).length === 0) return { ok: true, definition: parsed.data };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    // A text's own problems are already at its language fields; cross-checks are the duplicates above.
    // A participant's problem is said at the delegation's person it was made from.
    const person = issue.path[0] === 'participants' ? people[Number(issue.path[1])] : undefined;
    const key = person ? [person.path, ...issue.path.slice(2).map(String)].join('.') : issue.path.map(String).join('.');
    if (Object.keys(problems).some((p) => p === key || p.startsWith(`${key}.`))) continue;
    if (issue.path.length === 0) continue;
    problems[key] = problemOfIssue(issue as { code: string; path: PropertyKey[]; origin?: unknown });
  }
  // A refusal with no field of its own (should not happen): still refused, said at the top.
  if (Object.keys(problems).length === 0) problems[''] = 'invalid';
  return { ok: false, problems };
}

/** The wizard's steps and the fields each owns, so that a step shows and blocks on its own problems only. */
/**
 * The wizard's steps and the fields each owns, so that a step shows and blocks on its own problems
 * only. The delegations come before the people: the chair's and a presenter's are chosen from them.
 */
export const STEPS = ['basics', 'delegations', 'people', 'agenda', 'proposals', 'review'] as const;
export type StepName = (typeof STEPS)[number];
const STEP_SECTIONS: Record<StepName, readonly string[]> = {
  basics: ['languages', 'title', 'startsAt', 'timeZone', 'videoLink', 'interpretationLinks'],
  people: ['chair', 'chairPerson', 'presenters'],
  agenda: ['agenda'],
  delegations: ['delegations'],
  proposals: ['proposals'],
  review: [],
};

export function problemsOfStep(problems: Problems, step: StepName): Problems {
  if (step === 'review') return problems;
  const sections = STEP_SECTIONS[step];
  return Object.fromEntries(Object.entries(problems).filter(([path]) => sections.includes(path.split('.')[0] ?? '')));
}

/** The problems of one text, by language, as `TextFields` takes them. */
export function textProblemsAt(problems: Problems, path: string): Partial<Record<Lang, 'required' | 'tooLong'>> {
  const out: Partial<Record<Lang, 'required' | 'tooLong'>> = {};
  for (const [key, code] of Object.entries(problems)) {
    if (!key.startsWith(`${path}.`)) continue;
    const lang = key.slice(path.length + 1) as Lang;
    if (code === 'required' || code === 'tooLong') out[lang] = code;
  }
  return out;
}

/**
 * A draft started from a previous meeting: its languages, delegations, presenters and chair,
 * and the skeleton of its agenda (titles, durations, presenters), without the date, links or
 * documents, which belong to that meeting only.
 */
export function draftFromPrevious(def: MeetingDefinition, timeZone: string): WizardDraft {
  const langs = [...def.languages];
  const draft = emptyDraft(langs[0] ?? 'en', timeZone);
  return {
    ...draft,
    languages: langs,
    timeZone: def.timeZone,
    chair: { name: draftOf(def.chair.name, langs), delegationId: def.chair.delegationId ?? '' },
    delegations: def.delegations.map((d) => ({ id: d.id, name: draftOf(d.name, langs) })),
    presenters: def.presenters.map((p) => ({
      id: p.id,
      name: draftOf(p.name, langs),
      title: draftOf(p.title, langs),
      delegationId: p.delegationId ?? '',
    })),
    agenda: def.agenda.map((a) => ({
      id: a.id,
      title: draftOf(a.title, langs),
      minutes: String(a.plannedMinutes),
      presenterIds: [...a.presenterIds],
      documents: [],
    })),
  };
}

/** Blank ids made from the names (Latin letters, unique in their list): the person may still change them. */
export function fillIds(d: WizardDraft): WizardDraft {
  const fill = <T extends { id: string }>(list: T[], textOf: (entry: T) => TextDraft, fallback: string): T[] => {
    const taken = new Set(list.map((e) => e.id.trim()).filter((id) => id !== ''));
    return list.map((entry) => {
      if (entry.id.trim() !== '') return entry;
      const id = uniqueIdOf(textOfDraft(textOf(entry), d.languages), d.languages, taken, fallback);
      taken.add(id);
      return { ...entry, id };
    });
  };
  return {
    ...d,
    delegations: fill(d.delegations, (e) => e.name, 'delegation'),
    presenters: fill(d.presenters, (e) => e.name, 'presenter'),
    agenda: fill(d.agenda, (e) => e.title, 'item'),
    proposals: fill(d.proposals, (e) => e.title, 'proposal'),
  };
}

/** Items made from pasted titles (in the original language), appended to the agenda with ids of their own. */
export function withPastedItems(d: WizardDraft, titles: readonly string[], minutes: number): WizardDraft {
  const original = d.languages[0] ?? 'en';
  const items: DraftItem[] = titles.map((title) => ({
    id: '',
    title: { [original]: title.slice(0, TEXT_LIMITS.shortText) },
    minutes: String(minutes),
    presenterIds: [],
    documents: [],
  }));
  return fillIds({ ...d, agenda: [...d.agenda, ...items] });
}
