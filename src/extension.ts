import * as vscode from 'vscode';
import { errorMessage } from './core/errors';
import { Container } from './vscode/container';
import { features } from './vscode/features';
import { createLog } from './vscode/log';

/** What `activate` returns: used by the integration suite and by other extensions. */
export interface PracticumApi {
  /** Milliseconds from `activate` entry to return (wall clock: grows when the machine is busy). */
  activationMs: number;
  /** CPU milliseconds the process spent in the same span (what activation costs, whatever else runs). */
  activationCpuMs: number;
  /** Milliseconds each feature's registration took, by registration function name. */
  featureMs: Record<string, number>;
  container: Container;
}

let container: Container | undefined;

export function activate(context: vscode.ExtensionContext): PracticumApi {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const { channel, logger } = createLog();
  const featureMs: Record<string, number> = {};
  context.subscriptions.push(channel);
  try {
    container = new Container(context, logger, channel);
    context.subscriptions.push(container);
    container.command('practicum.showLog', () => channel.show(true));
    for (const register of features) {
      const t = performance.now();
      register(container);
      featureMs[register.name || 'feature'] = Math.round((performance.now() - t) * 100) / 100;
    }
  } catch (e) {
    logger.error('Activation failed', e);
    void vscode.window.showErrorMessage(`Practicum could not start: ${errorMessage(e)}. See Output ▸ Practicum for details.`);
    throw e;
  }
  const activationMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const activationCpuMs = (cpu.user + cpu.system) / 1000;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms, ${activationCpuMs.toFixed(1)} ms CPU (${Object.entries(featureMs).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  return { activationMs, activationCpuMs, featureMs, container };
}

export async function deactivate(): Promise<void> {
  await container?.flush();
}
