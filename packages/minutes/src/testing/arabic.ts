import type { Lang } from '@rostrum/core';
import type { Block, Layout } from '../blocks.js';

/**
 * Arabic for the right-to-left renderers, independent of any meeting: a
 * sentence with a Latin name and numbers inside, and any layout turned into pseudo-Arabic
 * (its words swapped for Arabic words, acronyms, numbers and punctuation kept), so that
 * a whole set of minutes (headings, fields, tables, lists, notes) can be set right to left.
 */
export const ARABIC_SENTENCE = 'افتتح الرئيس الاجتماع في الساعة 10:00 ورحّب بوفد Belgium';

const WORDS = [
  'الاجتماع',
  'الرئيس',
  'الوفد',
  'البند',
  'جدول',
  'الأعمال',
  'القرار',
  'المقترح',
  'التصويت',
  'الحضور',
  'الدورة',
  'اللجنة',
  'السياسات',
  'الجمارك',
  'المنظمة',
  'العالمية',
  'ورحّب',
  'بالمشاركين',
  'وأشار',
  'إلى',
  'في',
  'من',
  'على',
  'مع',
  'التقرير',
  'السنوي',
  'للمكتب',
  'الإقليمي',
  'لبناء',
  'القدرات',
];

const PREFIXES = ['', 'و', 'ب', 'ل', 'ف'];
const SUFFIXES = ['', 'ها', 'هم', 'ات', 'ين', 'ية'];

function hash(word: string): number {
  let h = 2166136261;
  for (const ch of word) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
  return h >>> 0;
}

/**
 * Latin and Cyrillic words become Arabic words (some 900 forms, so that lines rarely repeat, as
 * in real minutes); acronyms (WCO, ROCB), numbers and punctuation stay.
 */
export function pseudoArabic(text: string): string {
  return text.replace(/\p{L}[\p{L}\p{M}'’-]*/gu, (word) => {
    if (!/\p{Ll}/u.test(word)) return word;
    const h = hash(word);
    const prefix = PREFIXES[(h >>> 8) % PREFIXES.length] ?? '';
    const suffix = SUFFIXES[(h >>> 16) % SUFFIXES.length] ?? '';
    return prefix + (WORDS[h % WORDS.length] ?? word) + suffix;
  });
}

function arabicBlock(block: Block): Block {
  switch (block.kind) {
    case 'heading':
    case 'para':
    case 'text':
      return { ...block, text: pseudoArabic(block.text) };
    case 'field':
      return {
        ...block,
        label: pseudoArabic(block.label),
        value: block.mono ? block.value : pseudoArabic(block.value),
      };
    case 'list':
      return { ...block, items: block.items.map(pseudoArabic) };
    case 'table':
      return { ...block, head: block.head.map(pseudoArabic), rows: block.rows.map((r) => r.map(pseudoArabic)) };
    case 'chart':
      return {
        ...block,
        caption: pseudoArabic(block.caption),
        legend: { planned: pseudoArabic(block.legend.planned), actual: pseudoArabic(block.legend.actual) },
      };
  }
}

/** `layout` in pseudo-Arabic, as a layout in `ar`. */
export function arabicLayout(layout: Layout): Layout {
  return {
    lang: 'ar' as Lang,
    title: pseudoArabic(layout.title),
    sections: layout.sections.map((s) => ({ id: s.id, blocks: s.blocks.map(arabicBlock) })),
  };
}
