import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PracticumError } from '../core/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses flags strictly; an unknown flag or a missing value is a usage error naming the flag. */
export function parseFlags<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new PracticumError('usage', `${(e as Error).message.split('\n')[0]}. Run with --help to see the options.`);
  }
}

/** Writes JSON results the same way in every command: one object, pretty-printed, newline-terminated. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
