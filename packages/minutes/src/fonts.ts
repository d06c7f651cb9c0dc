import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The fonts the PDF embeds, all from npm packages, so that the server needs no system fonts:
 * DejaVu Sans (`dejavu-fonts-ttf`) for Latin and Cyrillic, as before, and Amiri
 * (`@expo-google-fonts/amiri`, the Google Fonts build 1.002 as TTF, OFL 1.1) for Arabic
 * script: a classical Naskh with full OpenType Arabic shaping (init/medi/fina, rlig, calt,
 * mark, mkmk, curs), which DejaVu Sans only has in part.
 *
 * Why Amiri and not Noto Naskh Arabic 2.x: Noto Naskh (and Noto Sans Arabic) 2.x draw the dots
 * as glyphs of their own, so one undotted glyph stands for ب, ت, ث, ن and ي alike; a PDF maps
 * each glyph to one text (ToUnicode), so text copied or extracted from it comes out with wrong
 * letters. Amiri has a glyph per letter and form: the PDF's text reads back as written.
 * pdfkit embeds the glyphs used, not whole fonts.
 */
const require = createRequire(import.meta.url);

export const DEJAVU_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const AMIRI_DIR = dirname(require.resolve('@expo-google-fonts/amiri/package.json'));

/** The pdfmake name of the font for Arabic-script runs. */
export const ARABIC_PDF_FONT = 'Amiri';

/**
 * Amiri's letters are small for their em (a Naskh's tall ascenders and marks fill it): Arabic
 * runs are set 20% larger than the text around them, and their line height is tightened so
 * that an Arabic line is about 1.3 times as tall as a Latin one rather than twice.
 */
export const ARABIC_SCALE = 1.2;
export const ARABIC_LINE_HEIGHT = 0.9;

/** Font families for pdfmake, by name: files on disk, read by pdfkit once per process. */
export const PDF_FONTS = {
  DejaVuSans: {
    normal: join(DEJAVU_DIR, 'DejaVuSans.ttf'),
    bold: join(DEJAVU_DIR, 'DejaVuSans-Bold.ttf'),
    italics: join(DEJAVU_DIR, 'DejaVuSans-Oblique.ttf'),
    bolditalics: join(DEJAVU_DIR, 'DejaVuSans-BoldOblique.ttf'),
  },
  DejaVuSansMono: {
    normal: join(DEJAVU_DIR, 'DejaVuSansMono.ttf'),
    bold: join(DEJAVU_DIR, 'DejaVuSansMono-Bold.ttf'),
    italics: join(DEJAVU_DIR, 'DejaVuSansMono-Oblique.ttf'),
    bolditalics: join(DEJAVU_DIR, 'DejaVuSansMono-BoldOblique.ttf'),
  },
  [ARABIC_PDF_FONT]: {
    normal: join(AMIRI_DIR, '400Regular', 'Amiri_400Regular.ttf'),
    bold: join(AMIRI_DIR, '700Bold', 'Amiri_700Bold.ttf'),
    italics: join(AMIRI_DIR, '400Regular_Italic', 'Amiri_400Regular_Italic.ttf'),
    bolditalics: join(AMIRI_DIR, '700Bold_Italic', 'Amiri_700Bold_Italic.ttf'),
  },
};

/** The only folders the PDF renderer may read from. */
export const FONT_DIRS = [DEJAVU_DIR, AMIRI_DIR];

/**
 * DOCX names fonts without embedding them: the reader's Word or LibreOffice supplies them.
 * Arial has Arabic on Windows and in Office; Word picks the `cs` (complex script) font for
 * Arabic characters, the `ascii`/`hAnsi` one for the rest.
 */
export const DOCX_FONT = 'Arial';
export const DOCX_ARABIC_FONT = 'Arial';
