import { z } from 'zod';

/**
 * The safe document tree lessons are compiled into at bundle time.
 *
 * Why a tree and not HTML: the client renders these nodes as Preact elements, so lesson
 * text can never become markup or script, whatever an author (or an attacker who edits a
 * bundle) writes. Only the node kinds below exist; links are limited to http(s)/mailto and
 * images to files inside the same bundle.
 */
export type Inline =
  | { t: 'text'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'code'; v: string }
  | { t: 'br' }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'img'; src: string; alt: string };

export type Block =
  | { t: 'h'; level: 2 | 3 | 4; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'ul'; items: Block[][] }
  | { t: 'ol'; start: number; items: Block[][] }
  | { t: 'quote'; c: Block[] }
  | { t: 'pre'; v: string }
  | { t: 'hr' };

const SAFE_HREF = /^(https?:\/\/|mailto:)/i;
/** Bundle-relative file path: no scheme, no leading slash, no `..` segment. */
export const BUNDLE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export const InlineSchema: z.ZodType<Inline> = z.lazy(() =>
  z.discriminatedUnion('t', [
    z.object({ t: z.literal('text'), v: z.string() }).strict(),
    z.object({ t: z.literal('strong'), c: z.array(InlineSchema) }).strict(),
    z.object({ t: z.literal('em'), c: z.array(InlineSchema) }).strict(),
    z.object({ t: z.literal('code'), v: z.string() }).strict(),
    z.object({ t: z.literal('br') }).strict(),
    z.object({ t: z.literal('link'), href: z.string().regex(SAFE_HREF), c: z.array(InlineSchema) }).strict(),
    z.object({ t: z.literal('img'), src: z.string().regex(BUNDLE_PATH), alt: z.string() }).strict(),
  ]),
);

export const BlockSchema: z.ZodType<Block> = z.lazy(() =>
  z.discriminatedUnion('t', [
    z
      .object({
        t: z.literal('h'),
        level: z.union([z.literal(2), z.literal(3), z.literal(4)]),
        c: z.array(InlineSchema),
      })
      .strict(),
    z.object({ t: z.literal('p'), c: z.array(InlineSchema) }).strict(),
    z.object({ t: z.literal('ul'), items: z.array(z.array(BlockSchema)) }).strict(),
    z.object({ t: z.literal('ol'), start: z.number().int().min(0), items: z.array(z.array(BlockSchema)) }).strict(),
    z.object({ t: z.literal('quote'), c: z.array(BlockSchema) }).strict(),
    z.object({ t: z.literal('pre'), v: z.string() }).strict(),
    z.object({ t: z.literal('hr') }).strict(),
  ]),
);

export function isSafeHref(href: string): boolean {
  return SAFE_HREF.test(href);
}

/** Every bundle file a document points at, so the bundler and validators can check it exists. */
export function referencedFiles(blocks: Block[]): string[] {
  const found: string[] = [];
  const visitInline = (nodes: Inline[]): void => {
    for (const node of nodes) {
      if (node.t === 'img') found.push(node.src);
      else if ('c' in node) visitInline(node.c);
    }
  };
  const visitBlocks = (nodes: Block[]): void => {
    for (const node of nodes) {
      if (node.t === 'ul' || node.t === 'ol') node.items.forEach(visitBlocks);
      else if (node.t === 'quote') visitBlocks(node.c);
      else if ('c' in node) visitInline(node.c);
    }
  };
  visitBlocks(blocks);
  return found;
}
