import { csvRecord, textIn, type Lang, type MeetingState } from '@rostrum/core';
import type { ParticipantRecord } from '../store/participant-types.js';
import { sortedByDelegation, type SeatView } from './view.js';

type CsvLabels = {
  header: [string, string, string, string, string, string, string, string];
  seat: {
    head: string;
    deputy: string;
    chair: string;
    presenter: string;
    secretariat: string;
    observer: string;
    extra: string;
  };
  enteredBy: { secretariat: string; self: string };
  link: { live: string; revoked: string; none: string };
};

/** The export's words in each interface language (WCO terms, docs/glossary.md). */
const LABELS: Record<Lang, CsvLabels> = {
  en: {
    header: ['Delegation', 'Seat', 'Name', 'Title', 'Email', 'Language', 'Entered by', 'Link'],
    seat: {
      head: 'Head of delegation',
      deputy: 'Deputy',
      chair: 'Chair',
      presenter: 'Presenter',
      secretariat: 'Secretariat',
      observer: 'Observer',
      extra: 'Member of the delegation',
    },
    enteredBy: { secretariat: 'Secretariat', self: 'Themselves' },
    link: { live: 'Active', revoked: 'Revoked', none: '' },
  },
  fr: {
    header: ['Délégation', 'Siège', 'Nom', 'Fonction', 'Courriel', 'Langue', 'Saisi par', 'Lien'],
    seat: {
      head: 'Chef de délégation',
      deputy: 'Suppléant',
      chair: 'Président',
      presenter: 'Intervenant',
      secretariat: 'Secrétariat',
      observer: 'Observateur',
      extra: 'Membre de la délégation',
    },
    enteredBy: { secretariat: 'Secrétariat', self: 'La personne elle-même' },
    link: { live: 'Actif', revoked: 'Révoqué', none: '' },
  },
  es: {
    header: ['Delegación', 'Puesto', 'Nombre', 'Cargo', 'Correo electrónico', 'Idioma', 'Introducido por', 'Enlace'],
    seat: {
      head: 'Jefe de delegación',
      deputy: 'Suplente',
      chair: 'Presidente',
      presenter: 'Ponente',
      secretariat: 'Secretaría',
      observer: 'Observador',
      extra: 'Miembro de la delegación',
    },
    enteredBy: { secretariat: 'Secretaría', self: 'La propia persona' },
    link: { live: 'Activo', revoked: 'Revocado', none: '' },
  },
  ru: {
    header: ['Делегация', 'Место', 'Имя', 'Должность', 'Эл. почта', 'Язык', 'Кем внесено', 'Ссылка'],
    seat: {
      head: 'Глава делегации',
      deputy: 'Заместитель',
      chair: 'Председатель',
      presenter: 'Докладчик',
      secretariat: 'Секретариат',
      observer: 'Наблюдатель',
      extra: 'Член делегации',
    },
    enteredBy: { secretariat: 'Секретариат', self: 'Сам участник' },
    link: { live: 'Действует', revoked: 'Отозвана', none: '' },
  },
  ar: {
    header: ['الوفد', 'المقعد', 'الاسم', 'المنصب', 'البريد الإلكتروني', 'اللغة', 'أدخله', 'الرابط'],
    seat: {
      head: 'رئيس الوفد',
      deputy: 'المناوب',
      chair: 'الرئيس',
      presenter: 'مقدّم العرض',
      secretariat: 'الأمانة',
      observer: 'المراقب',
      extra: 'عضو في الوفد',
    },
    enteredBy: { secretariat: 'الأمانة', self: 'الشخص نفسه' },
    link: { live: 'ساري', revoked: 'ملغى', none: '' },
  },
};

function seatWord(p: ParticipantRecord, seat: SeatView | undefined, l: CsvLabels): string {
  if (p.seatKey === null) return l.seat.extra;
  if (!seat) return p.seatKey;
  if (seat.role === 'delegate') return seat.seat === 'deputy' ? l.seat.deputy : l.seat.head;
  return l.seat[seat.role];
}

/**
 * The list of participants as a spreadsheet: UTF-8 with a byte order mark (Excel reads it as
 * UTF-8 then), every text through core's defused cell writer (a name is people's text), one
 * line per person, by delegation in the roster's order, people without a delegation last.
 */
export function participantsCsv(
  people: readonly ParticipantRecord[],
  seats: readonly SeatView[],
  state: MeetingState,
  lang: Lang,
): string {
  const l = LABELS[lang];
  const languages = state.meta.languages;
  const sorted = sortedByDelegation(people, seats, state.roster.delegationOrder);
  const lines = [csvRecord(l.header)];
  for (const p of sorted) {
    const seat = seats.find((s) => s.seatKey === p.seatKey);
    const delegation = p.delegationId === null ? undefined : state.roster.delegations[p.delegationId];
    lines.push(
      csvRecord([
        delegation ? textIn(delegation.name, lang, languages) : (p.delegationId ?? ''),
        seatWord(p, seat, l),
        p.name,
        p.title,
        p.email ?? '',
        p.language,
        l.enteredBy[p.enteredBy],
        seat ? (seat.live ? l.link.live : l.link.revoked) : l.link.none,
      ]),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
