import { checkCommand } from './check';
import { exercisesCommand } from './exercises';
import { modelCommands } from './model';
import { outboxCommands } from './outbox';
import { scanCommand } from './scan';
import { reportCommand } from './report';
import { reviewCommands } from './review';
import { serveCommands } from './serve';
import { statsCommand } from './stats';
import { timeCommand } from './time';
import type { CliCommand } from './types';

/**
 * Every `practicum` subcommand. Add a command by importing its module and listing it here
 * (one line each, so parallel work never collides).
 */
export const commands: CliCommand[] = [
  ...outboxCommands,
  statsCommand,
  scanCommand,
  timeCommand,
  ...reviewCommands,
  exercisesCommand,
  ...modelCommands,
  checkCommand,
  ...serveCommands,
  reportCommand,
];
