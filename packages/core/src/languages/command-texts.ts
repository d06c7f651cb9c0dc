import type { CommandOf, CommandType } from '../commands.js';
import { conflict, type ProtocolError } from '../errors.js';
import { LANGUAGES, type Lang, type MeetingText } from '../text.js';

type TextsOf = { readonly [K in CommandType]: (command: CommandOf<K>) => readonly MeetingText[] };

const none = () => [];
const defined = (...texts: (MeetingText | undefined)[]): MeetingText[] =>
  texts.filter((t): t is MeetingText => t !== undefined);

/**
 * The meeting texts each command carries. Typed by every `CommandType`, so a new command must
 * say whether it brings texts: the languages check of `execute` cannot be forgotten.
 * (`text.translate` carries one language of a text, checked by its own rule.)
 */
const COMMAND_TEXTS: TextsOf = {
  'meeting.open': none,
  'meeting.close': none,
  'meeting.addLanguage': none,
  'text.translate': none,
  'agenda.start': none,
  'agenda.next': none,
  'agenda.previous': none,
  'agenda.complete': none,
  'agenda.defer': none,
  'agenda.add': (c) => [c.title],
  'agenda.move': none,
  'agenda.edit': (c) => defined(c.title),
  'agenda.setDocuments': (c) => c.documents.map((d) => d.title),
  'roster.import': (c) => c.delegations.map((d) => d.name),
  'floor.request': none,
  'floor.withdraw': none,
  'floor.remove': none,
  'floor.move': none,
  'floor.next': none,
  'floor.give': none,
  'floor.end': none,
  'floor.readd': none,
  'floor.close': none,
  'floor.reopen': none,
  'floor.pause': none,
  'floor.resume': none,
  'floor.extend': none,
  'floor.setLimits': none,
  'proposal.add': (c) => [c.title, c.text, ...(c.documents ?? []).map((d) => d.title)],
  'proposal.edit': (c) => defined(c.title, c.text, ...(c.documents ?? []).map((d) => d.title)),
  'poll.open': none,
  'poll.close': none,
  'poll.vote': none,
  'voter.designate': none,
  'decision.record': (c) => [c.text],
  'decision.edit': (c) => defined(c.text),
  'decision.readBack': none,
  'meeting.schedule': none,
  'meeting.setLinks': none,
  'meeting.setChair': (c) => [c.name],
  'presenter.add': (c) => [c.name, c.title],
  'presenter.edit': (c) => defined(c.name, c.title),
  'agenda.setPresenters': none,
};

function textsOf<T extends CommandType>(command: CommandOf<T>): readonly MeetingText[] {
  const read: (c: CommandOf<T>) => readonly MeetingText[] = COMMAND_TEXTS[command.type];
  return read(command);
}

/**
 * Why a command's texts do not fit a meeting held in `languages`, or null: every text in the
 * original language, and in no language the meeting does not have.
 */
export function commandTextsProblem(command: CommandOf<CommandType>, languages: readonly Lang[]): ProtocolError | null {
  const original = languages[0] ?? 'en';
  for (const text of textsOf(command)) {
    if (!text[original])
      return conflict('text_original_missing', `a text is missing in the meeting's original language (${original})`)
        .error;
    const foreign = LANGUAGES.find((l) => text[l] !== undefined && !languages.includes(l));
    if (foreign !== undefined)
      return conflict('language_not_in_meeting', `a text is in ${foreign}, which the meeting does not have`).error;
  }
  return null;
}
