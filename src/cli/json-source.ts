import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import type { Problem } from './markdown';

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
    const errors: ParseError[] = [];
    this.tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    for (const error of errors) {
      problems.push({
        file,
        line: this.lineAt(error.offset),
        message: `invalid JSON: ${printParseErrorCode(error.error)}`,
      });
    }
    this.value = errors.length === 0 && this.tree ? JSON.parse(text) : undefined;
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
