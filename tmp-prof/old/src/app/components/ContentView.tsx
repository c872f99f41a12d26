import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { Block, Inline } from '../../shared/schema/content';
import { useImageUrl } from '../hooks/useImageUrl';
import { useT } from '../hooks/useT';
import { ImageViewer } from './ImageViewer';

interface Props {
  blocks: Block[];
  /** Resolves a bundle path (an image) to the stored file; only files of the downloaded course exist. */
  resolveFile: (path: string) => Blob | null | undefined;
}

/**
 * Renders a compiled lesson as Preact elements. There is no `innerHTML` anywhere on this
 * path: text stays text, and only the node kinds of the content schema can appear.
 */
export function ContentView({ blocks, resolveFile }: Props) {
  return <div class="content">{renderBlocks(blocks, resolveFile)}</div>;
}

function renderBlocks(blocks: Block[], resolveFile: Props['resolveFile']): ComponentChildren {
  return blocks.map((block, index) => {
    switch (block.t) {
      case 'h': {
        const Heading = `h${block.level}` as 'h2' | 'h3' | 'h4';
        return <Heading key={index}>{renderInline(block.c, resolveFile)}</Heading>;
      }
      case 'p':
        return <p key={index}>{renderInline(block.c, resolveFile)}</p>;
      case 'ul':
        return (
          <ul key={index}>
            {block.items.map((item, i) => (
              <li key={i}>{renderBlocks(item, resolveFile)}</li>
            ))}
          </ul>
        );
      case 'ol':
        return (
          <ol key={index} start={block.start}>
            {block.items.map((item, i) => (
              <li key={i}>{renderBlocks(item, resolveFile)}</li>
            ))}
          </ol>
        );
      case 'quote':
        return <blockquote key={index}>{renderBlocks(block.c, resolveFile)}</blockquote>;
      case 'pre':
        return <pre key={index}>{block.v}</pre>;
      case 'hr':
        return <hr key={index} />;
    }
  });
}

function renderInline(nodes: Inline[], resolveFile: Props['resolveFile']): ComponentChildren {
  return nodes.map((node, index) => {
    switch (node.t) {
      case 'text':
        return node.v;
      case 'strong':
        return <strong key={index}>{renderInline(node.c, resolveFile)}</strong>;
      case 'em':
        return <em key={index}>{renderInline(node.c, resolveFile)}</em>;
      case 'code':
        return <code key={index}>{node.v}</code>;
      case 'br':
        return <br key={index} />;
      case 'link':
        return (
          <a key={index} href={node.href} target="_blank" rel="noopener noreferrer">
            {renderInline(node.c, resolveFile)}
          </a>
        );
      case 'img':
        return <LessonImage key={index} blob={resolveFile(node.src)} alt={node.alt} />;
    }
  });
}

/** A lesson image; a tap opens it full screen to zoom (a diagram's labels are small on a phone). */
function LessonImage({ blob, alt }: { blob: Blob | null | undefined; alt: string }) {
  const { t } = useT();
  const url = useImageUrl(blob);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!url) return <span class="content__missing-image">{alt}</span>;
  const close = (): void => {
    setOpen(false);
    // Back where the learner was reading, for keyboards and screen readers too.
    button.current?.focus();
  };
  return (
    <>
      <button ref={button} type="button" class="content__image" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {/* The button's name: "Perbesar gambar: <alt>"; the picture keeps its own alt text. */}
        <span class="visually-hidden">{t('imageViewer.open')} </span>
        <img src={url} alt={alt} loading="lazy" />
      </button>
      {open && <ImageViewer src={url} alt={alt} onClose={close} />}
    </>
  );
}
