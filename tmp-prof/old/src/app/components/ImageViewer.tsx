import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../hooks/useT';

const MIN_SCALE = 1;
const MAX_SCALE = 6;
const STEP = 1.5;

interface View {
  scale: number;
  x: number;
  y: number;
}

const clampScale = (scale: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/**
 * A lesson image full screen, to read a diagram's small labels: pinch or double-tap to zoom,
 * drag to move, buttons (and + / - / arrow keys) for those who cannot pinch. The image stays
 * an `<img>` of the app showing the phone's own copy (an object URL): course files are never
 * opened as pages of their own. Closed with the close button, Escape, or the phone's Back
 * button (the viewer adds one history entry, so Back closes it instead of leaving the lesson).
 */
export function ImageViewer({ src, alt, onClose }: { src: string; alt: string; onClose(): void }) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number; scale: number } | null>(null);
  const lastTap = useRef(0);
  const closing = useRef(false);
  const latestClose = useRef(onClose);
  latestClose.current = onClose;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return undefined;
    if (!element.open) element.showModal?.();
    history.pushState({ lenteraImageViewer: true }, '');
    // Back (hardware or browser) pops our entry: close without going back again.
    const onPop = (): void => {
      closing.current = true;
      latestClose.current();
    };
    addEventListener('popstate', onPop);
    return () => {
      removeEventListener('popstate', onPop);
      // Closed another way (button, Escape): take our history entry back off.
      if (!closing.current && (history.state as { lenteraImageViewer?: boolean } | null)?.lenteraImageViewer)
        history.back();
    };
  }, []);

  const zoomBy = (factor: number): void =>
    setView((current) => {
      const scale = clampScale(current.scale * factor);
      return scale === 1 ? { scale, x: 0, y: 0 } : { scale, x: current.x, y: current.y };
    });

  const onPointerDown = (event: PointerEvent): void => {
    (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      pinch.current = { distance: Math.hypot(a!.x - b!.x, a!.y - b!.y), scale: view.scale };
    } else if (event.pointerType !== 'mouse' || event.button === 0) {
      const now = event.timeStamp;
      if (now - lastTap.current < 300)
        setView((current) => (current.scale > 1 ? { scale: 1, x: 0, y: 0 } : { ...current, scale: 2.5 }));
      lastTap.current = now;
    }
  };

  const onPointerMove = (event: PointerEvent): void => {
    const previous = pointers.current.get(event.pointerId);
    if (!previous) return;
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.current.size === 2 && pinch.current) {
      const [a, b] = [...pointers.current.values()];
      const distance = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      const start = pinch.current;
      if (start.distance > 0)
        setView((current) => ({ ...current, scale: clampScale((start.scale * distance) / start.distance) }));
    } else if (pointers.current.size === 1) {
      const dx = event.clientX - previous.x;
      const dy = event.clientY - previous.y;
      setView((current) => (current.scale > 1 ? { ...current, x: current.x + dx, y: current.y + dy } : current));
    }
  };

  const onPointerUp = (event: PointerEvent): void => {
    pointers.current.delete(event.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const pan = 40;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [pan, 0],
      ArrowRight: [-pan, 0],
      ArrowUp: [0, pan],
      ArrowDown: [0, -pan],
    };
    if (event.key === '+' || event.key === '=') zoomBy(STEP);
    else if (event.key === '-') zoomBy(1 / STEP);
    else if (moves[event.key]) {
      const [dx, dy] = moves[event.key]!;
      setView((current) => (current.scale > 1 ? { ...current, x: current.x + dx, y: current.y + dy } : current));
    } else return;
    event.preventDefault();
  };

  return (
    <dialog
      ref={dialog}
      class="image-viewer"
      aria-label={t('imageViewer.title', { alt })}
      onCancel={(event) => {
        // Escape: close through our own path, so the history entry is cleaned up too.
        event.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
    >
      <div class="image-viewer__bar">
        <button
          type="button"
          class="image-viewer__button"
          onClick={() => zoomBy(1 / STEP)}
          disabled={view.scale <= MIN_SCALE}
        >
          <span aria-hidden="true">−</span>
          <span class="visually-hidden">{t('imageViewer.zoomOut')}</span>
        </button>
        <span class="image-viewer__scale" aria-live="polite">
          {Math.round(view.scale * 100)}%
        </span>
        <button
          type="button"
          class="image-viewer__button"
          onClick={() => zoomBy(STEP)}
          disabled={view.scale >= MAX_SCALE}
        >
          <span aria-hidden="true">+</span>
          <span class="visually-hidden">{t('imageViewer.zoomIn')}</span>
        </button>
        <button type="button" class="image-viewer__button image-viewer__close" onClick={onClose} autoFocus>
          <span aria-hidden="true">✕</span>
          <span class="visually-hidden">{t('imageViewer.close')}</span>
        </button>
      </div>
      <div
        class="image-viewer__stage"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <img
          src={src}
          alt={alt}
          draggable={false}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
          data-scale={view.scale}
        />
      </div>
      <p class="image-viewer__hint">{t('imageViewer.hint')}</p>
    </dialog>
  );
}
