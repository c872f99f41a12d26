// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentView } from '../../../src/app/components/ContentView';
import type { Block } from '../../../src/shared/schema/content';

afterEach(cleanup);

describe('ContentView', () => {
  it('shows markup-looking lesson text as text, never as elements', () => {
    const blocks: Block[] = [
      { t: 'p', c: [{ t: 'text', v: '<img src=x onerror="alert(1)"><script>alert(2)</script>' }] },
    ];
    const { container } = render(<ContentView blocks={blocks} resolveFile={() => null} />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.textContent).toContain('<script>alert(2)</script>');
  });

  it('renders headings, lists and quotes as their own elements', () => {
    const blocks: Block[] = [
      { t: 'h', level: 2, c: [{ t: 'text', v: 'Nilai Dasar' }] },
      { t: 'ol', start: 3, items: [[{ t: 'p', c: [{ t: 'text', v: 'Akuntabel' }] }]] },
      { t: 'quote', c: [{ t: 'p', c: [{ t: 'strong', c: [{ t: 'text', v: 'Bangga Melayani Bangsa' }] }] }] },
    ];
    const { container } = render(<ContentView blocks={blocks} resolveFile={() => null} />);
    expect(container.querySelector('h2')?.textContent).toBe('Nilai Dasar');
    expect(container.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(container.querySelector('blockquote strong')?.textContent).toBe('Bangga Melayani Bangsa');
  });

  it('opens links outside the app without giving the page access to Lentera', () => {
    const blocks: Block[] = [{ t: 'p', c: [{ t: 'link', href: 'https://jdih.go.id', c: [{ t: 'text', v: 'JDIH' }] }] }];
    const link = render(<ContentView blocks={blocks} resolveFile={() => null} />).container.querySelector('a')!;
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('shows the alt text where an image file is not on the phone', () => {
    const blocks: Block[] = [{ t: 'p', c: [{ t: 'img', src: 'images/a.svg', alt: 'Diagram BerAKHLAK' }] }];
    const { container } = render(<ContentView blocks={blocks} resolveFile={() => null} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('Diagram BerAKHLAK');
  });
});
