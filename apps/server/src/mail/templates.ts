import type { Lang } from '@rostrum/core';

/**
 * The invitation email, in the five languages of the WCO (docs/glossary.md for the terms and the
 * register: fr «vous», es «usted», ru «вы», ar the respectful plural). Every text of the meeting
 * (title, names) is the meeting's content: put in as given, and escaped in the HTML part.
 */
export type InvitationInput = {
  /** The language of the message (the person's). */
  language: Lang;
  /** The meeting's title in that language, or in the original when it has no translation. */
  title: string;
  startsAt: string;
  timeZone: string;
  /** The person's name and title as the secretariat entered them ('' for no title). */
  name: string;
  personTitle: string;
  /** What the link admits the person as. */
  seat:
    | { kind: 'delegate'; head: boolean; delegation: string }
    | { kind: 'chair' }
    | { kind: 'presenter' }
    | { kind: 'secretariat' }
    | { kind: 'observer' };
  videoLink: string | null;
  /** The interpretation channel in the person's language, when the meeting has one. */
  interpretationLink: string | null;
  /** The person's own link (with its token): personal, never logged. */
  link: string;
};

export type InvitationMessage = { subject: string; text: string; html: string };

type Words = {
  subject: (title: string) => string;
  /** May be two lines (a name, then a salutation that needs no agreement). */
  greeting: (name: string) => string;
  invited: (title: string) => string;
  date: string;
  seat: (seat: InvitationInput['seat']) => string;
  asWho: string;
  videoLink: string;
  interpretation: string;
  yourLink: string;
  personal: string;
  desk: string;
  closing: string;
};

const WORDS: Record<Lang, Words> = {
  en: {
    subject: (title) => `Invitation: ${title}`,
    greeting: (name) => `Dear ${name},`,
    invited: (title) => `You are invited to the meeting “${title}”.`,
    date: 'Date and time',
    seat: (s) =>
      s.kind === 'delegate'
        ? `${s.head ? 'Head of delegation' : 'Deputy'}, ${s.delegation}`
        : { chair: 'Chair', presenter: 'Presenter', secretariat: 'Secretariat', observer: 'Observer' }[s.kind],
    asWho: 'Your role',
    videoLink: 'Video call',
    interpretation: 'Interpretation in English',
    yourLink: 'Your personal link to the meeting',
    personal:
      'This link is personal: it opens the meeting in your name. Please do not forward it. If it is lost or has been forwarded, ask the Secretariat for a new one.',
    desk: 'The link opens the meeting’s live desk beside the video call: the agenda, the list of speakers, requests for the floor and votes.',
    closing: 'The Secretariat',
  },
  fr: {
    subject: (title) => `Invitation : ${title}`,
    greeting: (name) => `À l’attention de ${name}\nMadame, Monsieur,`,
    invited: (title) => `Nous avons l’honneur de vous inviter à la réunion « ${title} ».`,
    date: 'Date et heure',
    seat: (s) =>
      s.kind === 'delegate'
        ? `${s.head ? 'Chef de délégation' : 'Suppléant'}, ${s.delegation}`
        : { chair: 'Président', presenter: 'Intervenant', secretariat: 'Secrétariat', observer: 'Observateur' }[s.kind],
    asWho: 'Votre rôle',
    videoLink: 'Visioconférence',
    interpretation: 'Interprétation en français',
    yourLink: 'Votre lien personnel vers la réunion',
    personal:
      'Ce lien est personnel : il ouvre la réunion en votre nom. Veuillez ne pas le transmettre. S’il a été perdu ou transmis, demandez-en un nouveau au Secrétariat.',
    desk: 'Le lien ouvre le pupitre de la réunion, à côté de la visioconférence : l’ordre du jour, la liste des orateurs, les demandes de parole et les votes.',
    closing: 'Le Secrétariat',
  },
  es: {
    subject: (title) => `Invitación: ${title}`,
    greeting: (name) => `A la atención de ${name}:`,
    invited: (title) => `Le invitamos a la reunión «${title}».`,
    date: 'Fecha y hora',
    seat: (s) =>
      s.kind === 'delegate'
        ? `${s.head ? 'Jefe de delegación' : 'Suplente'}, ${s.delegation}`
        : { chair: 'Presidente', presenter: 'Ponente', secretariat: 'Secretaría', observer: 'Observador' }[s.kind],
    asWho: 'Su función',
    videoLink: 'Videoconferencia',
    interpretation: 'Interpretación al español',
    yourLink: 'Su enlace personal a la reunión',
    personal:
      'Este enlace es personal: abre la reunión a su nombre. Le rogamos que no lo reenvíe. Si lo ha perdido o lo ha reenviado, solicite uno nuevo a la Secretaría.',
    desk: 'El enlace abre el panel de la reunión junto a la videoconferencia: el orden del día, la lista de oradores, las solicitudes de palabra y las votaciones.',
    closing: 'La Secretaría',
  },
  ru: {
    subject: (title) => `Приглашение: ${title}`,
    greeting: (name) => `Здравствуйте, ${name}!`,
    invited: (title) => `Приглашаем вас принять участие в совещании «${title}».`,
    date: 'Дата и время',
    seat: (s) =>
      s.kind === 'delegate'
        ? `${s.head ? 'глава делегации' : 'заместитель'}, ${s.delegation}`
        : { chair: 'Председатель', presenter: 'докладчик', secretariat: 'Секретариат', observer: 'наблюдатель' }[
            s.kind
          ],
    asWho: 'Ваша роль',
    videoLink: 'Видеоконференция',
    interpretation: 'Устный перевод на русский язык',
    yourLink: 'Ваша личная ссылка на совещание',
    personal:
      'Эта ссылка личная: по ней совещание открывается от вашего имени. Пожалуйста, не пересылайте её. Если ссылка утеряна или была переслана, запросите новую в Секретариате.',
    desk: 'Ссылка открывает пульт совещания рядом с видеоконференцией: повестку дня, список выступающих, просьбы о слове и голосования.',
    closing: 'Секретариат',
  },
  ar: {
    subject: (title) => `دعوة: ${title}`,
    greeting: (name) => `${name}\nتحية طيبة وبعد،`,
    invited: (title) => `يسرّنا دعوتكم إلى اجتماع «${title}».`,
    date: 'التاريخ والوقت',
    seat: (s) =>
      s.kind === 'delegate'
        ? `${s.head ? 'رئيس الوفد' : 'المناوب'}، ${s.delegation}`
        : { chair: 'الرئيس', presenter: 'مقدّم العرض', secretariat: 'الأمانة', observer: 'المراقب' }[s.kind],
    asWho: 'صفة مشاركتكم',
    videoLink: 'الاتصال المرئي',
    interpretation: 'الترجمة الفورية إلى العربية',
    yourLink: 'رابطكم الشخصي إلى الاجتماع',
    personal:
      'هذا الرابط شخصي: يفتح الاجتماع باسمكم. يُرجى عدم إعادة توجيهه. وإذا فُقد أو أُعيد توجيهه، يُرجى طلب رابط جديد من الأمانة.',
    desk: 'يفتح الرابط منصة الاجتماع إلى جانب الاتصال المرئي: جدول الأعمال وقائمة المتكلمين وطلبات الكلمة والتصويت.',
    closing: 'الأمانة',
  },
};

/** Intl's locale per language; Arabic with Western digits, as everywhere in Rostrum (docs/glossary.md). */
const LOCALES: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES', ru: 'ru-RU', ar: 'ar-u-nu-latn' };

/** The meeting's start in the person's language, at the meeting's own time zone (named, as it may not be theirs). */
export function meetingDate(startsAt: string, timeZone: string, language: Lang): string {
  const at = new Date(startsAt);
  if (Number.isNaN(at.getTime())) return startsAt;
  const formatted = new Intl.DateTimeFormat(LOCALES[language], {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
  return `${formatted} (${timeZone})`;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An http(s) link as an anchor; anything else (never expected) as plain escaped text. */
function anchor(url: string): string {
  const safe = escapeHtml(url);
  return /^https?:\/\//i.test(url) ? `<a href="${safe}">${safe}</a>` : safe;
}

export function invitationMessage(input: InvitationInput): InvitationMessage {
  const w = WORDS[input.language];
  const who = input.personTitle === '' ? input.name : `${input.personTitle} ${input.name}`;
  const date = meetingDate(input.startsAt, input.timeZone, input.language);
  const facts: Array<[string, string, boolean]> = [
    [w.date, date, false],
    [w.asWho, w.seat(input.seat), false],
    ...(input.videoLink ? [[w.videoLink, input.videoLink, true] as [string, string, boolean]] : []),
    ...(input.interpretationLink
      ? [[w.interpretation, input.interpretationLink, true] as [string, string, boolean]]
      : []),
  ];
  const text = [
    w.greeting(who),
    '',
    w.invited(input.title),
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    `${w.yourLink}:`,
    input.link,
    '',
    w.personal,
    '',
    w.desk,
    '',
    w.closing,
    '',
  ].join('\n');
  const rtl = input.language === 'ar';
  const rows = facts
    .map(
      ([label, value, isLink]) =>
        `<tr><th scope="row" style="text-align:${rtl ? 'right' : 'left'};padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${isLink ? anchor(value) : escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const html = [
    '<!doctype html>',
    `<html lang="${input.language}"${rtl ? ' dir="rtl"' : ''}>`,
    '<head><meta charset="utf-8"><title>',
    escapeHtml(w.subject(input.title)),
    '</title></head>',
    `<body${rtl ? ' dir="rtl"' : ''} style="font-family:sans-serif;line-height:1.5">`,
    `<p>${w.greeting(who).split('\n').map(escapeHtml).join('<br>')}</p>`,
    `<p>${escapeHtml(w.invited(input.title))}</p>`,
    `<table role="presentation">${rows}</table>`,
    `<p><strong>${escapeHtml(w.yourLink)}</strong><br>${anchor(input.link)}</p>`,
    `<p>${escapeHtml(w.personal)}</p>`,
    `<p>${escapeHtml(w.desk)}</p>`,
    `<p>${escapeHtml(w.closing)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: w.subject(input.title), text, html };
}
