import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import type { SvgProblemCode } from '../protocol/bundles';

/**
 * Is an SVG safe to show? Decided by parsing it as XML (saxes, namespaces on) and keeping to an
 * allow-list of elements and attributes — never by matching text, which a namespace prefix in
 * any script (`<ſ:script>`), another encoding (UTF-16) or a CDATA section walks around.
 *
 * A course SVG is shown by the phone through `<img>` (where no SVG script runs) and served with
 * a sandboxing CSP, but it must also be harmless opened on its own, in any browser, from any
 * origin that serves it: so nothing that can run, navigate or fetch is allowed in.
 *
 * Used by the server (`readBundle`, so every upload and sideloaded bundle) and by the bundler,
 * which reports the same codes with file and line before an author ever uploads.
 */

export interface SvgProblem {
  code: SvgProblemCode;
  /** 1-based line in the file, when known. */
  line?: number;
  message: string;
}

/** An author fixes a file in one round, but a hostile file must not make a megabyte of problems. */
const MAX_PROBLEMS = 20;

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/** Metadata that drawing programs write. Elements in these namespaces mean nothing to a browser. */
const EDITOR_NS: ReadonlySet<string> = new Set([
  'http://www.inkscape.org/namespaces/inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://creativecommons.org/ns#',
  'http://purl.org/dc/elements/1.1/',
  'http://ns.adobe.com/AdobeIllustrator/10.0/',
  'http://www.bohemiancoding.com/sketch/ns',
]);

const ANIMATIONS: ReadonlySet<string> = new Set(['animate', 'animateMotion', 'animateTransform', 'set']);

/** Drawing, text, paint servers, filters and animation: nothing that runs, embeds a document or navigates. */
const ELEMENTS: ReadonlySet<string> = new Set([
  'svg', 'g', 'defs', 'desc', 'title', 'metadata', 'symbol', 'use', 'switch', 'style', 'view',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'image',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB',
  'feFuncG', 'feFuncR', 'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset',
  'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
  'mpath', ...ANIMATIONS,
]); // prettier-ignore

/** Attributes without a namespace that only shape, paint or describe. `href` is checked on its own. */
const ATTRIBUTES: ReadonlySet<string> = new Set([
  // core, accessibility
  'id', 'class', 'style', 'lang', 'role', 'focusable', 'tabindex', 'aria-label', 'aria-labelledby',
  'aria-describedby', 'aria-hidden', 'aria-roledescription',
  // the root and viewports
  'version', 'baseProfile', 'width', 'height', 'viewBox', 'preserveAspectRatio', 'x', 'y', 'zoomAndPan',
  // geometry
  'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'd', 'points', 'pathLength', 'transform',
  // presentation
  'alignment-baseline', 'baseline-shift', 'clip', 'clip-path', 'clip-rule', 'color', 'color-interpolation',
  'color-interpolation-filters', 'color-rendering', 'cursor', 'direction', 'display', 'dominant-baseline',
  'enable-background', 'fill', 'fill-opacity', 'fill-rule', 'filter', 'flood-color', 'flood-opacity', 'font',
  'font-family', 'font-size', 'font-size-adjust', 'font-stretch', 'font-style', 'font-variant', 'font-weight',
  'glyph-orientation-horizontal', 'glyph-orientation-vertical', 'image-rendering', 'isolation', 'kerning',
  'letter-spacing', 'lighting-color', 'marker', 'marker-start', 'marker-mid', 'marker-end', 'mask', 'mix-blend-mode',
  'opacity', 'overflow', 'paint-order', 'pointer-events', 'shape-rendering', 'stop-color', 'stop-opacity', 'stroke',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-opacity', 'stroke-width', 'text-anchor', 'text-decoration', 'text-rendering', 'transform-origin',
  'unicode-bidi', 'vector-effect', 'visibility', 'word-spacing', 'writing-mode',
  // paint servers, clipping, markers
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'offset', 'patternUnits', 'patternContentUnits',
  'patternTransform', 'clipPathUnits', 'maskUnits', 'maskContentUnits', 'markerWidth', 'markerHeight',
  'markerUnits', 'refX', 'refY', 'orient',
  // text
  'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'startOffset', 'method', 'spacing', 'side',
  // conditional processing
  'systemLanguage', 'requiredFeatures', 'requiredExtensions',
  // filters
  'filterUnits', 'primitiveUnits', 'in', 'in2', 'result', 'stdDeviation', 'mode', 'operator', 'k1', 'k2', 'k3',
  'k4', 'type', 'values', 'tableValues', 'slope', 'intercept', 'amplitude', 'exponent', 'order', 'kernelMatrix',
  'divisor', 'bias', 'targetX', 'targetY', 'edgeMode', 'kernelUnitLength', 'preserveAlpha', 'surfaceScale',
  'diffuseConstant', 'specularConstant', 'specularExponent', 'scale', 'xChannelSelector', 'yChannelSelector',
  'azimuth', 'elevation', 'z', 'pointsAtX', 'pointsAtY', 'pointsAtZ', 'limitingConeAngle', 'baseFrequency',
  'numOctaves', 'seed', 'stitchTiles', 'radius',
  // <style>
  'media',
  // animation (the target is checked separately)
  'attributeName', 'attributeType', 'begin', 'dur', 'end', 'min', 'max', 'restart', 'repeatCount', 'repeatDur',
  'calcMode', 'keyTimes', 'keySplines', 'keyPoints', 'from', 'to', 'by', 'additive', 'accumulate', 'path',
]); // prettier-ignore

/** What an animation may change: paint and geometry, never a link, a style sheet or a handler. */
const ANIMATABLE: ReadonlySet<string> = new Set(
  [...ATTRIBUTES].filter((name) => !['style', 'class', 'id', 'attributeName', 'begin', 'end'].includes(name)),
);

/** Raster images only: an embedded SVG or HTML document is a document, with its own rules. */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,[a-z0-9+/=\s]*$/i;

export function isSvg(path: string, type: string): boolean {
  return type === 'image/svg+xml' || path.toLowerCase().endsWith('.svg');
}

/** Why an SVG is unsafe to show (empty when it is fine), each with a code and, where known, a line. */
export function svgProblems(bytes: Uint8Array): SvgProblem[] {
  const text = decodeUtf8(bytes);
  if (typeof text !== 'string') return [text];
  return new SvgChecker().check(text);
}

function decodeUtf8(bytes: Uint8Array): string | SvgProblem {
  const encoding = (message: string): SvgProblem => ({
    code: 'svg_encoding',
    message: `${message}; save the SVG as UTF-8`,
  });
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe)) return encoding('is UTF-16 (or UTF-32)');
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return encoding('is UTF-32');
  // Without a byte-order mark, NULs mean UTF-16/32 (XML forbids U+0000 anyway).
  if (bytes.includes(0)) return encoding('contains NUL bytes (UTF-16 or UTF-32 without a byte-order mark?)');
  const start = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
  } catch {
    return encoding('is not valid UTF-8');
  }
}

class SvgChecker {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly problems: SvgProblem[] = [];
  private sawRoot = false;
  /** Text of the `<style>` element being read, or null outside one. */
  private style: string | null = null;
  private styleLine = 0;

  check(text: string): SvgProblem[] {
    const { parser } = this;
    parser.on('error', (error) => {
      // saxes prefixes its messages with the position, which we report as `line`.
      this.report('svg_malformed', `is not well-formed XML: ${error.message.replace(/^[^:]*:\d+:\d+: /, '')}`);
      throw new StopParsing();
    });
    parser.on('xmldecl', ({ encoding }) => {
      if (encoding !== undefined && !/^utf-?8$/i.test(encoding))
        this.report('svg_encoding', `declares encoding="${encoding}"; save the SVG as UTF-8 and declare UTF-8`);
    });
    parser.on('doctype', () => this.report('svg_doctype', 'has a DOCTYPE (entity declarations are not allowed)'));
    parser.on('processinginstruction', ({ target }) =>
      this.report('svg_processing_instruction', `has a processing instruction <?${target}?>`),
    );
    parser.on('opentag', (tag) => this.openTag(tag));
    parser.on('closetag', (tag) => {
      if (this.style !== null && tag.uri === SVG_NS && tag.local === 'style') {
        this.checkCss(this.style, 'a <style> element', this.styleLine);
        this.style = null;
      }
    });
    const addText = (chunk: string): void => {
      if (this.style !== null) this.style += chunk;
    };
    parser.on('text', addText);
    parser.on('cdata', addText);
    try {
      parser.write(text).close();
    } catch (error) {
      if (!(error instanceof StopParsing)) throw error;
    }
    if (!this.sawRoot && this.problems.length === 0) this.report('svg_not_svg', 'has no <svg> element');
    return this.problems.slice(0, MAX_PROBLEMS);
  }

  private report(code: SvgProblemCode, message: string, line: number = this.parser.line): void {
    this.problems.push({ code, line, message });
    if (this.problems.length >= MAX_PROBLEMS) throw new StopParsing();
  }

  private openTag(tag: SaxesTagNS): void {
    const name = describeName(tag.prefix, tag.local);
    if (!this.sawRoot) {
      this.sawRoot = true;
      if (tag.uri !== SVG_NS || tag.local !== 'svg')
        this.report('svg_not_svg', `starts with <${name}>, not <svg xmlns="${SVG_NS}">`);
    }
    if (EDITOR_NS.has(tag.uri)) return this.checkEditorAttributes(tag, name);
    if (tag.uri !== SVG_NS || !ELEMENTS.has(tag.local)) {
      const where = tag.uri === SVG_NS ? '' : tag.uri === '' ? ' (in no namespace)' : ` (namespace ${tag.uri})`;
      return this.report('svg_element', `has a <${name}> element${where}, which is not allowed`);
    }
    if (tag.local === 'style') {
      this.style = '';
      this.styleLine = this.parser.line;
    }
    for (const attribute of Object.values(tag.attributes)) this.checkAttribute(tag, name, attribute);
    if (ANIMATIONS.has(tag.local)) this.checkAnimation(tag, name);
  }

  private checkAttribute(tag: SaxesTagNS, element: string, attribute: SaxesAttributeNS): void {
    const { uri, local, value } = attribute;
    const name = describeName(attribute.prefix, local);
    if (uri === XMLNS_NS || EDITOR_NS.has(uri)) return;
    if (uri === XML_NS && (local === 'space' || local === 'lang')) return;
    if (uri === XLINK_NS && local === 'title') return;
    if ((uri === '' || uri === XLINK_NS) && local === 'href') return this.checkHref(tag, element, name, value);
    if (uri === '' && /^on/i.test(local))
      return this.report('svg_event_handler', `has an event handler ${name}="…" on <${element}>`);
    if (uri !== '' || !(ATTRIBUTES.has(local) || /^data-[a-z0-9_.-]*$/i.test(local)))
      return this.report('svg_attribute', `has an attribute ${name} on <${element}>, which is not allowed`);
    if (local === 'style') return this.checkCss(value, `the style of <${element}>`);
    if (hasScriptScheme(value)) return this.report('svg_link', `has a script URL in ${name} on <${element}>`);
    if (/url\s*\(/i.test(value)) this.checkCss(value, `${name} of <${element}>`);
  }

  private checkHref(tag: SaxesTagNS, element: string, name: string, value: string): void {
    const target = value.trim();
    if (target.startsWith('#') && !hasScriptScheme(target)) return;
    if (tag.local === 'image' && DATA_IMAGE.test(target)) return;
    this.report(
      'svg_link',
      `has ${name}="${abbreviate(target)}" on <${element}>: only links to an #id inside the file` +
        (tag.local === 'image' ? ' or a PNG/JPEG/GIF/WebP/AVIF data: image' : '') +
        ' are allowed',
    );
  }

  /** `<set attributeName="href" to="javascript:…">` would write a link no attribute check ever saw. */
  private checkAnimation(tag: SaxesTagNS, element: string): void {
    const target = tag.attributes.attributeName?.value.trim() ?? '';
    const local = target.includes(':') ? '' : target;
    if (tag.local === 'animateMotion' || tag.local === 'animateTransform') {
      if (target === '' || target === 'transform' || target === 'gradientTransform' || target === 'patternTransform')
        return;
    } else if (ANIMATABLE.has(local)) return;
    this.report('svg_animation', `has <${element}> animating "${abbreviate(target)}", which is not allowed`);
  }

  private checkCss(css: string, where: string, line?: number): void {
    const problem = cssProblem(css);
    if (problem !== null) this.report('svg_css', `${where} ${problem}`, line);
  }

  /** Editor metadata is inert, but an event handler or a script URL has no business on it either. */
  private checkEditorAttributes(tag: SaxesTagNS, element: string): void {
    for (const { prefix, local, value } of Object.values(tag.attributes)) {
      if (/^on/i.test(local))
        this.report('svg_event_handler', `has an event handler ${describeName(prefix, local)} on <${element}>`);
      else if (hasScriptScheme(value))
        this.report('svg_link', `has a script URL in ${describeName(prefix, local)} on <${element}>`);
    }
  }
}

class StopParsing extends Error {}

/**
 * Why CSS could fetch or run something, or null. Escapes are refused outright (`\75 rl(` is
 * `url(`); comments are cut out before looking, erring on the side of refusing (`ur/ ** /l(`
 * is then read as `url(`); and every `url()` must point inside the file.
 */
export function cssProblem(css: string): string | null {
  if (css.includes('\\')) return 'uses a CSS escape (\\), which is not allowed';
  const plain = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '').toLowerCase();
  if (/@import|@namespace|@font-face/.test(plain)) return 'uses @import, @namespace or @font-face';
  if (/expression\s*\(|-moz-binding|behavior\s*:/.test(plain)) return 'uses a script-running CSS extension';
  if (hasScriptScheme(plain)) return 'contains a script URL';
  if (/(?:image-set|image|src|element|cross-fade)\s*\(/.test(plain))
    return 'uses image-set(), image(), src() or element()';
  for (const match of plain.matchAll(/url\s*\(\s*(['"]?)\s*([^'")\s]*)/g)) {
    if (!(match[2] ?? '').startsWith('#'))
      return `refers to ${abbreviate(match[2] ?? '')} in url(); only url(#id) is allowed`;
  }
  return null;
}

/** Browsers drop whitespace and control characters inside a scheme: `java\tscript:` still runs. */
function hasScriptScheme(value: string): boolean {
  return /(?:javascript|vbscript|livescript):/i.test(value.replace(/[\s\u0000-\u001f]+/g, ''));
}

function describeName(prefix: string, local: string): string {
  return prefix === '' ? local : `${prefix}:${local}`;
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
