import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dateFlagProblem, parseStrictDate } from '../core/dates';
import { PracticumError } from '../core/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses flags strictly; an unknown flag or a missing value is a usage error naming the flag, with
 * Node's hint kept (`--since -5`: "To specify an option argument starting with a dash use '--since=-XYZ'").
 */
export function parseFlags<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    const sentences = (e as Error).message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => (/[.?!]$/.test(l) ? l : `${l}.`));
    throw new PracticumError('usage', `${sentences.join(' ')} Run with --help to see the options.`);
  }
}

/** A date flag's value through the one strict parser (`parseStrictDate`); bad usage naming the flag otherwise. */
export function dateFlag(flag: string, value: string): Date {
  const d = parseStrictDate(value.trim());
  if (!d) throw new PracticumError('usage', dateFlagProblem(flag, value));
  return d;
}

/** Writes JSON results the same way in every command: one object, pretty-printed, newline-terminated. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
