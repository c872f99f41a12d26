import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes, PhrasingContent, RootContent } from 'mdast';
import { isSafeHref, type Block, type Inline } from '../shared/schema/content';

export interface Problem {
  file: string;
  line?: number;
  message: string;
}

export interface CompiledMarkdown {
  title: string;
  body: Block[];
  /** Image paths as written, resolved against the Markdown file by the caller. */
  images: { src: string; line: number | undefined }[];
}

/** Lists and quotes inside one another: real lessons use two or three levels. */
export const MAX_BLOCK_DEPTH = 8;

/** GitHub-flavoured Markdown that CommonMark leaves as text, with what to write instead. */
const PLAIN_TEXT_SYNTAX: { pattern: RegExp; what: string }[] = [
  {
    // A header row with a pipe, then the delimiter row: reported at the header.
    pattern: /^[^\n]*\|[^\n]*\n[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/m,
    what: 'a table (write it as a list, or as an image with a description)',
  },
  { pattern: /\[\^[^\]\s]+\]/, what: 'a footnote (write the note in the text)' },
  { pattern: /~~[^~\n]+~~/, what: 'strikethrough' },
  { pattern: /^\[[ xX]\][ \t]/, what: 'a task-list checkbox' },
];

/**
 * Compiles a lesson's Markdown into the safe tree at bundle time. Anything outside the
 * small supported subset (raw HTML, tables, footnotes, unsafe links) is reported as a problem
 * with its line instead of being passed through, so nothing an author writes can reach the
 * phone as markup.
 */
export function compileMarkdown(source: string, file: string, problems: Problem[]): CompiledMarkdown {
  const root = fromMarkdown(source);
  const images: CompiledMarkdown['images'] = [];
  const report = (node: Nodes, message: string): void => {
    problems.push({ file, line: node.position?.start.line, message });
  };

  // CommonMark reads these as plain text: they would reach the phone as stray pipes and tildes.
  const reportPlainTextSyntax = (node: Nodes): void => {
    const start = node.position?.start;
    const end = node.position?.end;
    if (start?.offset === undefined || end?.offset === undefined) return;
    const text = source.slice(start.offset, end.offset);
    for (const { pattern, what } of PLAIN_TEXT_SYNTAX) {
      const match = pattern.exec(text);
      if (match === null) continue;
      const line = start.line + (text.slice(0, match.index).match(/\n/g)?.length ?? 0);
      problems.push({ file, line, message: `unsupported Markdown: ${what}` });
    }
  };

  const inline = (nodes: PhrasingContent[]): Inline[] =>
    nodes.flatMap((node): Inline[] => {
      switch (node.type) {
        case 'text':
          return [{ t: 'text', v: node.value }];
        case 'strong':
          return [{ t: 'strong', c: inline(node.children) }];
        case 'emphasis':
          return [{ t: 'em', c: inline(node.children) }];
        case 'inlineCode':
          return [{ t: 'code', v: node.value }];
        case 'break':
          return [{ t: 'br' }];
        case 'link':
          if (!isSafeHref(node.url)) {
            report(node, `link "${node.url}" must start with https://, http:// or mailto:`);
            return [];
          }
          if (plainText(node.children).trim() === '')
            report(node, `link "${node.url}" needs text saying where it goes (read aloud by screen readers)`);
          return [{ t: 'link', href: node.url, c: inline(node.children) }];
        case 'image':
          if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(node.url)) {
            report(node, `image "${node.url}" must be a file in the bundle: a phone offline cannot load it`);
            return [];
          }
          if (!node.alt?.trim())
            report(
              node,
              `image "${node.url}" needs a description: write ![what it shows](${node.url}) (read aloud by screen ` +
                'readers, shown if the image is missing)',
            );
          images.push({ src: node.url, line: node.position?.start.line });
          return [{ t: 'img', src: node.url, alt: node.alt ?? '' }];
        default:
          report(node, `unsupported Markdown: ${node.type}`);
          return [];
      }
    });

  const blocks = (nodes: RootContent[], depth = 1): Block[] =>
    nodes.flatMap((node): Block[] => {
      if (depth > MAX_BLOCK_DEPTH) {
        report(node, `lists and quotes nest at most ${MAX_BLOCK_DEPTH} levels deep`);
        return [];
      }
      switch (node.type) {
        case 'heading':
          if (node.depth < 2 || node.depth > 4) {
            report(node, 'only the first line may be a "# " heading; use ## to #### inside a lesson');
            return [];
          }
          return [{ t: 'h', level: node.depth as 2 | 3 | 4, c: inline(node.children) }];
        case 'paragraph':
          reportPlainTextSyntax(node);
          return [{ t: 'p', c: inline(node.children) }];
        case 'list': {
          const items = node.children.map((item) => blocks(item.children, depth + 1));
          return [node.ordered ? { t: 'ol', start: node.start ?? 1, items } : { t: 'ul', items }];
        }
        case 'blockquote':
          return [{ t: 'quote', c: blocks(node.children, depth + 1) }];
        case 'code':
          return [{ t: 'pre', v: node.value }];
        case 'thematicBreak':
          return [{ t: 'hr' }];
        default:
          report(node, `unsupported Markdown: ${node.type}`);
          return [];
      }
    });

  const [first, ...rest] = root.children;
  if (first?.type !== 'heading' || first.depth !== 1) {
    problems.push({ file, line: 1, message: 'a lesson starts with its title as "# Title"' });
    return { title: '', body: blocks(root.children), images };
  }
  const title = inline(first.children)
    .map((node) => (node.t === 'text' ? node.v : ''))
    .join('')
    .trim();
  if (title === '') report(first, 'the lesson title after "# " is empty');
  return { title, body: blocks(rest), images };
}

/** The words of inline Markdown, as a screen reader would have them (images count by their description). */
function plainText(nodes: PhrasingContent[]): string {
  return nodes
    .map((node) =>
      'value' in node
        ? node.value
        : node.type === 'image'
          ? (node.alt ?? '')
          : 'children' in node
            ? plainText(node.children)
            : '',
    )
    .join('');
}
