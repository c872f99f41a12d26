import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { DOCUMENT_SHAPE, jsonShapeProblem } from '../shared/json-shape';
import type { Problem } from './markdown';

/** Where brackets first nest deeper than `maxDepth` (strings skipped), scanning once without recursion. */
function offsetPastDepth(text: string, maxDepth: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth > maxDepth) return i;
    } else if (char === ']' || char === '}') depth--;
  }
  return null;
}

/** `a.b[3].c` back to the path `lineOf` reads. */
function pathOf(text: string): (string | number)[] {
  return text
    .split(/\.|(?=\[)/)
    .filter((part) => part !== '')
    .map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
}

/**
 * A JSON file read with positions, so a schema problem can be reported as `file:line`
 * (authors fix JSON in a text editor, not by reading a zod path).
 */
export class JsonSource {
  readonly value: unknown;
  private readonly tree: Node | undefined;
  private readonly lineStarts: number[];

  constructor(
    readonly file: string,
    text: string,
    problems: Problem[],
  ) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    // The position parser recurses: a file nested past the limit is reported, never handed to it.
    const tooDeep = offsetPastDepth(text, DOCUMENT_SHAPE.maxDepth);
    if (tooDeep !== null) {
      problems.push({
        file,
        line: this.lineAt(tooDeep),
        message: `nested deeper than ${DOCUMENT_SHAPE.maxDepth} levels`,
      });
      this.tree = undefined;
      this.value = undefined;
      return;
    }
    const errors: ParseError[] = [];
    this.tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    for (const error of errors) {
      problems.push({
        file,
        line: this.lineAt(error.offset),
        message: `invalid JSON: ${printParseErrorCode(error.error)}`,
      });
    }
    const value: unknown = errors.length === 0 && this.tree ? JSON.parse(text) : undefined;
    const shape = value === undefined ? null : jsonShapeProblem(value, DOCUMENT_SHAPE);
    if (shape !== null)
      problems.push({
        file,
        line: this.lineOf(shape.path === '(root)' ? [] : pathOf(shape.path)),
        message: `${shape.path}: ${shape.message}`,
      });
    this.value = shape === null ? value : undefined;
  }

  /** Line of the value at `path`, or of its nearest existing parent (a missing key is reported where its object is). */
  lineOf(path: readonly PropertyKey[]): number | undefined {
    if (!this.tree) return undefined;
    const segments = path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    for (let length = segments.length; length >= 0; length--) {
      const node = findNodeAtLocation(this.tree, segments.slice(0, length));
      if (node) return this.lineAt(node.parent?.type === 'property' ? node.parent.offset : node.offset);
    }
    return undefined;
  }

  /** Validates against a schema, reporting every issue with its line. */
  parse<T>(schema: z.ZodType<T>, problems: Problem[]): T | undefined {
    if (this.value === undefined) return undefined;
    const result = schema.safeParse(this.value);
    if (result.success) return result.data;
    this.report(result.error.issues, problems);
    return undefined;
  }

  report(issues: readonly z.core.$ZodIssue[], problems: Problem[]): void {
    for (const issue of issues) {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      problems.push({ file: this.file, line: this.lineOf(issue.path), message: `${where}${issue.message}` });
    }
  }

  private lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}
