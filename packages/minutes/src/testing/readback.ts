import { strFromU8, unzipSync } from 'fflate';

/**
 * Reading the binary formats back as text, for tests: the DOCX's main XML (unzipped) and the
 * PDF's text (extracted by pdf.js). Whitespace is collapsed, so that a line wrapped by the
 * layout still matches the text it came from.
 */

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

function unescapeXml(s: string): string {
  return s.replace(
    /&(lt|gt|quot|apos|amp);|&#(\d+);|&#x([0-9a-f]+);/gi,
    (m, _name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (dec !== undefined) return String.fromCodePoint(Number(dec));
      if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
      return XML_ENTITIES[m] ?? m;
    },
  );
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The raw XML of the document body. */
export function docxXml(docx: Uint8Array): string {
  const files = unzipSync(docx);
  const xml = files['word/document.xml'];
  if (!xml) throw new Error('no word/document.xml in the DOCX');
  return strFromU8(xml);
}

/** The text of every paragraph of the DOCX body, one paragraph per line. */
export function docxText(docx: Uint8Array): string {
  const xml = docxXml(docx);
  const paragraphs = xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  return paragraphs
    .map((p) =>
      (p.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>|<w:br\/>/g) ?? [])
        .map((run) => (run === '<w:br/>' ? '\n' : unescapeXml(run.replace(/<[^>]+>/g, ''))))
        .join(''),
    )
    .join('\n');
}

/** The text of every page of a PDF, pages separated by a blank line, whitespace collapsed per page. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const parts: string[] = [];
    for (const item of content.items) if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : ' ');
    pages.push(collapse(parts.join('')));
  }
  await doc.destroy();
  return pages.join('\n\n');
}
