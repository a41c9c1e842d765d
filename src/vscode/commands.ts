import * as vscode from 'vscode';
import { errorMessage, isPracticumError } from '../core/errors';
import type { Logger } from '../core/log';

/**
 * Registers a command whose failures are logged in full and shown as one short message that says
 * what to do, with a button to open the log.
 */
export function registerCommand(logger: Logger, id: string, fn: (...args: never[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (fn as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      logger.error(`${id} failed:`, e);
      const message = isPracticumError(e) ? e.message : `Practicum: ${errorMessage(e)}`;
      void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => {
        if (pick) void vscode.commands.executeCommand('practicum.showLog');
      });
      return undefined;
    }
  });
}
