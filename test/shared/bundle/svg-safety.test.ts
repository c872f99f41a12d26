import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cssProblem, svgProblems } from '../../../src/shared/bundle/svg-safety';
import { HOSTILE_SVGS } from '../../fixtures/hostile-svgs';

const SVG_NS = 'http://www.w3.org/2000/svg';
const utf8 = (text: string) => new TextEncoder().encode(text);
const svg = (body: string) => `<svg xmlns="${SVG_NS}" viewBox="0 0 4 3">${body}</svg>`;
const codes = (bytes: Uint8Array) => svgProblems(bytes).map((problem) => problem.code);

function contentSvgs(): string[] {
  const found: string[] = [];
  for (const course of readdirSync('content', { withFileTypes: true })) {
    if (!course.isDirectory()) continue;
    const images = join('content', course.name, 'images');
    for (const file of readdirSync(images, { withFileTypes: true }).filter((entry) => entry.name.endsWith('.svg')))
      found.push(join(images, file.name));
  }
  return found;
}

describe('svgProblems', () => {
  it.each(HOSTILE_SVGS.map((hostile) => [hostile.name, hostile] as const))('refuses %s', (_, hostile) => {
    expect(codes(hostile.bytes)).toContain(hostile.code);
  });

  it.each(contentSvgs())('accepts the sample course drawing %s', (path) => {
    expect(svgProblems(readFileSync(path))).toEqual([]);
  });

  it.each([
    ['a plain drawing', svg('<rect width="4" height="3" fill="#0a6"/>')],
    [
      'internal references, gradients and a filter',
      svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>' +
          '<filter id="f"><feGaussianBlur stdDeviation="2"/></filter><clipPath id="c"><rect/></clipPath></defs>' +
          '<g clip-path="url(#c)" filter="url( \'#f\' )"><use href="#c"/><rect fill="url(#g)"/></g>',
      ),
    ],
    ['text that mentions "on", "script" and javascript:', svg('<text>Turn on the script: javascript:x</text>')],
    ['a UTF-8 byte-order mark and declaration', `\ufeff<?xml version="1.0" encoding="UTF-8"?>\n${svg('<g/>')}`],
    ['a <style> with url(#id) in CDATA', svg('<style><![CDATA[rect { fill: url(#g); }]]></style><rect/>')],
    ['an embedded PNG', svg('<image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>')],
    ['an opacity animation', svg('<rect><animate attributeName="opacity" from="0" to="1" dur="1s"/></rect>')],
    [
      'Inkscape metadata',
      `<svg xmlns="${SVG_NS}" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
        xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
        xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <sodipodi:namedview pagecolor="#fff"/><metadata><rdf:RDF><dc:title>x</dc:title></rdf:RDF></metadata>
        <g inkscape:label="Layer 1" inkscape:groupmode="layer"><path d="M0 0h1" sodipodi:nodetypes="cc"/></g></svg>`,
    ],
  ])('accepts %s', (_, text) => {
    expect(svgProblems(utf8(text))).toEqual([]);
  });

  it('reports the line of each problem', () => {
    const problems = svgProblems(utf8(`<svg xmlns="${SVG_NS}">\n<g>\n<script/>\n</g>\n</svg>`));
    expect(problems).toEqual([expect.objectContaining({ code: 'svg_element', line: 3 })]);
  });

  it('stops at 20 problems however many the file has', () => {
    expect(svgProblems(utf8(svg('<script/>'.repeat(10_000))))).toHaveLength(20);
  });

  it('refuses an element it does not allow, behind any namespace prefix', () => {
    const prefix = fc.stringMatching(/^[a-zA-Zſσłäπ_][a-zA-Z0-9ſσłäπ_.-]{0,8}$/).filter((p) => !/^xml/i.test(p));
    const element = fc.constantFrom('script', 'foreignObject', 'a', 'iframe', 'handler', 'listener', 'embed');
    fc.assert(
      fc.property(prefix, element, (p, local) => {
        const text = `<${p}:svg xmlns:${p}="${SVG_NS}"><${p}:${local}/></${p}:svg>`;
        expect(codes(utf8(text))).toContain('svg_element');
      }),
    );
  });

  it('refuses every on… attribute on every allowed element', () => {
    const handler = fc.stringMatching(/^on[a-zA-Z]{1,12}$/);
    const element = fc.constantFrom('svg', 'g', 'rect', 'path', 'text', 'use', 'image', 'animate', 'style');
    fc.assert(
      fc.property(element, handler, (local, name) => {
        expect(codes(utf8(svg(`<${local} ${name}="x()"/>`)))).toContain('svg_event_handler');
      }),
    );
  });
});

describe('cssProblem', () => {
  it.each([
    ['@im/**/port url(x)', /@import/],
    ['a { background: URL( "https://evil.example" ) }', /url/],
    ["a { background: image-set('x.png' 1x) }", /image-set/],
    ['a { behavior: url(#x) }', /script-running/],
  ])('refuses %s', (css, reason) => {
    expect(cssProblem(css)).toMatch(reason);
  });

  it('accepts plain paint', () => {
    expect(cssProblem('rect { fill: url(#g); stroke: #000 } /* url(http://x) in a comment is gone */')).toBeNull();
  });
});
