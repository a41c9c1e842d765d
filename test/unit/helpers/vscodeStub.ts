import Module = require('node:module');

/**
 * The little of the `vscode` API that the editor layer's services touch at construction, so their
 * orchestration (trust gates, flush order) can be tested in plain Node against real git and real
 * files. Import this module before any `src/vscode/**` module. Tests set `workspace.isTrusted` and
 * `workspace.workspaceFolders` to the case they test; `reset()` restores the defaults.
 */
type Listener<T> = (e: T) => unknown;
const disposable = { dispose() {} };
const noEvent = () => disposable;

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (l: Listener<T>) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

const trustGranted = new EventEmitter<void>();

class Disposable {
  constructor(private readonly onDispose: () => void) {}
  dispose(): void {
    this.onDispose();
  }
}

export const vscodeStub = {
  EventEmitter,
  Disposable,
  workspace: {
    isTrusted: true,
    workspaceFolders: undefined as undefined | Array<{ uri: { scheme: string; fsPath: string } }>,
    getConfiguration: () => ({ get: () => undefined }),
    onDidChangeConfiguration: noEvent,
    onDidChangeWorkspaceFolders: noEvent,
    onDidGrantWorkspaceTrust: trustGranted.event,
  },
  window: {
    state: { focused: true },
    onDidChangeWindowState: noEvent,
    showErrorMessage: () => Promise.resolve(undefined),
    showWarningMessage: () => Promise.resolve(undefined),
    showInformationMessage: () => Promise.resolve(undefined),
    /** Picks the first item, as a user pressing Enter would. */
    showQuickPick: <T>(items: readonly T[]) => Promise.resolve(items[0]),
    showInputBox: () => Promise.resolve(''),
    withProgress: <T>(_o: unknown, fn: () => Promise<T>) => fn(),
    setStatusBarMessage: () => disposable,
    /** A tree view whose badge and message tests can read. */
    createTreeView: () => ({ badge: undefined as unknown, message: undefined as unknown, reveal: () => Promise.resolve(), dispose() {} }),
  },
  commands: {
    /** Handlers registered so far, by command id. */
    registered: new Map<string, (...args: unknown[]) => unknown>(),
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      vscodeStub.commands.registered.set(id, fn);
      return { dispose: () => vscodeStub.commands.registered.delete(id) };
    },
    executeCommand: () => Promise.resolve(undefined),
  },
  /** Test control: fire `workspace.onDidGrantWorkspaceTrust`. */
  grantTrust(): void {
    vscodeStub.workspace.isTrusted = true;
    trustGranted.fire();
  },
  reset(): void {
    vscodeStub.workspace.isTrusted = true;
    vscodeStub.workspace.workspaceFolders = undefined;
    vscodeStub.commands.registered.clear();
  },
};

const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = mod._resolveFilename;
const STUB_ID = 'practicum-vscode-stub';
mod._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? STUB_ID : resolve.call(this, request, ...rest);
};
require.cache[STUB_ID] = { id: STUB_ID, filename: STUB_ID, loaded: true, exports: vscodeStub } as unknown as NodeJS.Module;
