import type { z } from 'zod';

/**
 * Every key of a type at every depth, values forgotten: two types with the same key tree
 * describe the same fields, whatever their values are.
 */
type KeyTree<T> = T extends readonly (infer Item)[]
  ? KeyTree<Item>
  : T extends object
    ? { [Key in keyof T]-?: KeyTree<NonNullable<T[Key]>> }
    : never;

type SameKeys<A, B> = [KeyTree<A>] extends [KeyTree<B>] ? ([KeyTree<B>] extends [KeyTree<A>] ? true : false) : false;

/** What an answer is checked with before the app reads it: a zod schema, or a check of that shape. */
export interface AnswerSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

/**
 * A validator of a wire type that the compiler keeps in step with it: `wireSchema<T>()(schema)`
 * fails to compile when the schema's output is not a `T`, and also when it lacks a field `T`
 * has (even an optional one, at any depth), which zod would otherwise drop silently. Add a
 * field to a wire type and its validator asks for it.
 */
export function wireSchema<T>() {
  return <Schema extends z.ZodType<T>>(
    schema: Schema &
      (SameKeys<T, z.output<Schema>> extends true ? unknown : 'the schema and the type have different fields'),
  ): Schema => schema;
}
