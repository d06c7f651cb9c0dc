import type { CommandType } from './commands.js';
import type { Principal, Role } from './roles.js';

/**
 * Who may send which command. Deny by default: the type makes every command name its roles,
 * so adding a command without a rule does not compile.
 */
export const COMMAND_ROLES: { readonly [T in CommandType]: readonly Role[] } = {
  'meeting.open': ['chair'],
  'meeting.close': ['chair'],
  'agenda.start': ['chair'],
  'agenda.next': ['chair'],
  'agenda.previous': ['chair'],
  'agenda.complete': ['chair'],
  'agenda.defer': ['chair'],
  // The secretariat prepares the agenda; the chair changes it during the meeting.
  'agenda.add': ['chair', 'secretariat'],
  'agenda.move': ['chair', 'secretariat'],
  'agenda.edit': ['chair', 'secretariat'],
  'agenda.setDocuments': ['chair', 'secretariat'],
  // The secretariat keeps the list of delegations (a late registration during the meeting too).
  'roster.import': ['chair', 'secretariat'],
  // A delegation asks for and withdraws its own requests; the chair runs the floor.
  'floor.request': ['delegate', 'presenter'],
  'floor.withdraw': ['delegate', 'presenter'],
  'floor.remove': ['chair'],
  'floor.move': ['chair'],
  'floor.next': ['chair'],
  'floor.give': ['chair'],
  'floor.end': ['chair'],
  'floor.readd': ['chair'],
  'floor.close': ['chair'],
  'floor.reopen': ['chair'],
  'floor.pause': ['chair'],
  'floor.resume': ['chair'],
  'floor.extend': ['chair'],
  'floor.setLimits': ['chair'],
  // Proposals and the decision register are prepared by the secretariat and kept by the chair;
  // only the chair opens and closes polls; a delegation's designated voter casts its ballot.
  'proposal.add': ['chair', 'secretariat'],
  'proposal.edit': ['chair', 'secretariat'],
  'poll.open': ['chair'],
  'poll.close': ['chair'],
  'poll.vote': ['delegate'],
  'voter.designate': ['delegate'],
  'decision.record': ['chair', 'secretariat'],
  'decision.edit': ['chair', 'secretariat'],
  'decision.readBack': ['chair'],
  // The secretariat keeps the texts in every language of the meeting (the chair may correct them).
  'text.translate': ['chair', 'secretariat'],
  'meeting.addLanguage': ['chair', 'secretariat'],
  // The meeting's details (date, links, chair, presenters) change before and during the meeting.
  'meeting.schedule': ['chair', 'secretariat'],
  'meeting.setLinks': ['chair', 'secretariat'],
  'meeting.setChair': ['chair', 'secretariat'],
  'presenter.add': ['chair', 'secretariat'],
  'presenter.edit': ['chair', 'secretariat'],
  'agenda.setPresenters': ['chair', 'secretariat'],
};

export function mayRun(principal: Pick<Principal, 'role'>, type: CommandType): boolean {
  return COMMAND_ROLES[type].includes(principal.role);
}
