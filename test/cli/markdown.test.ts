import { describe, expect, it } from 'vitest';
import { compileMarkdown, type Problem } from '../../src/cli/markdown';

function compile(source: string) {
  const problems: Problem[] = [];
  return { ...compileMarkdown(source, 'lesson.id.md', problems), problems };
}

describe('compileMarkdown', () => {
  it('turns the supported Markdown into the safe tree, taking the title from the first line', () => {
    const { title, body, problems } = compile(
      '# Nilai Dasar\n\nIni **penting** dan *jelas*, lihat `SKP`.\n\n## Contoh\n\n1. satu\n2. dua\n\n> kutipan\n',
    );
    expect(problems).toEqual([]);
    expect(title).toBe('Nilai Dasar');
    expect(body).toEqual([
      {
        t: 'p',
        c: [
          { t: 'text', v: 'Ini ' },
          { t: 'strong', c: [{ t: 'text', v: 'penting' }] },
          { t: 'text', v: ' dan ' },
          { t: 'em', c: [{ t: 'text', v: 'jelas' }] },
          { t: 'text', v: ', lihat ' },
          { t: 'code', v: 'SKP' },
          { t: 'text', v: '.' },
        ],
      },
      { t: 'h', level: 2, c: [{ t: 'text', v: 'Contoh' }] },
      {
        t: 'ol',
        start: 1,
        items: [[{ t: 'p', c: [{ t: 'text', v: 'satu' }] }], [{ t: 'p', c: [{ t: 'text', v: 'dua' }] }]],
      },
      { t: 'quote', c: [{ t: 'p', c: [{ t: 'text', v: 'kutipan' }] }] },
    ]);
  });

  it('refuses raw HTML and script links, naming the line, and keeps none of it', () => {
    const { body, problems } = compile(
      '# Judul\n\nTeks biasa.\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1))\n\n<img src=x ' +
        'onerror=alert(1)>\n',
    );
    expect(problems).toEqual([
      { file: 'lesson.id.md', line: 5, message: 'unsupported Markdown: html' },
      {
        file: 'lesson.id.md',
        line: 7,
        message: 'link "javascript:alert(1)" must start with https://, http:// or mailto:',
      },
      { file: 'lesson.id.md', line: 9, message: 'unsupported Markdown: html' },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/script|onerror|javascript/);
  });

  it('requires the lesson to open with a "# Title"', () => {
    expect(compile('Tanpa judul.').problems).toEqual([
      { file: 'lesson.id.md', line: 1, message: 'a lesson starts with its title as "# Title"' },
    ]);
  });

  it('reports an empty title in the lesson file itself', () => {
    expect(compile('# \n\nIsi.\n').problems).toEqual([
      { file: 'lesson.id.md', line: 1, message: 'the lesson title after "# " is empty' },
    ]);
  });

  it('reports a second top-level heading instead of silently demoting it', () => {
    expect(compile('# Satu\n\n# Dua\n').problems[0]).toMatchObject({ line: 3 });
  });

  it('asks for a description of every image and a text for every link, for learners using a screen reader', () => {
    const { problems } = compile(
      '# Judul\n\n![](../images/a.svg)\n\n[](https://jdih.go.id)\n\n[![Logo](../images/a.svg)](https://jdih.go.id)\n',
    );
    expect(problems).toEqual([
      {
        file: 'lesson.id.md',
        line: 3,
        message:
          'image "../images/a.svg" needs a description: write ![what it shows](../images/a.svg) (read aloud by ' +
          'screen readers, shown if the image is missing)',
      },
      {
        file: 'lesson.id.md',
        line: 5,
        message: 'link "https://jdih.go.id" needs text saying where it goes (read aloud by screen readers)',
      },
    ]);
  });

  it('collects image paths with their lines for the bundler to check', () => {
    expect(compile('# Judul\n\nLihat:\n\n![Diagram](../images/a.svg)\n').images).toEqual([
      { src: '../images/a.svg', line: 5 },
    ]);
  });
});
