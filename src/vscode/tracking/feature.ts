import * as path from 'node:path';
import * as vscode from 'vscode';
import { tagged } from '../../core/log';
import { AiEditDetector, type RawEdit } from '../../core/tracking/aiDetector';
import { LocalCalendar } from '../../core/tracking/calendar';
import type { Heartbeat, HeartbeatKind } from '../../core/tracking/heartbeat';
import { HeartbeatLog } from '../../core/tracking/heartbeatLog';
import { SessionLedger } from '../../core/tracking/sessionLedger';
import { SessionAccumulator, toPoint, type SessionRecord } from '../../core/tracking/sessions';
import { Tracker } from '../../core/tracking/tracker';
import { WeekTime } from '../../core/tracking/weekTime';
import { onSettingsChanged } from '../config';
import type { Container } from '../container';
import { BranchExercises } from './branchExercises';
import { wireEditorEvents } from './editorEvents';
import { MyTimeView } from './myTimeView';
import { PAUSE, RESUME, SHOW_MY_TIME, TimeStatusBar } from './statusBar';

const PAUSED_KEY = 'practicum.time.paused';
const TICK_MS = 5_000;
const FLUSH_MS = 30_000;
const RELOAD_MS = 5 * 60_000;

/** What the integration suite reads through the internal `practicum.time.snapshot` command. */
export interface TimeSnapshot {
  statusText: string;
  tooltip: string;
  paused: boolean;
  focused: boolean;
  heartbeats: number;
  pending: number;
  totalSeconds: number;
  byExercise: Record<string, number>;
  logDir: string;
}

/**
 * Hands-on time: editor events → AI detector → tracker → heartbeat log (batched) + this week's
 * totals (status bar, My Time view) + `session` events when a session closes. Activation only wires
 * things up; the log is read afterwards.
 */
export function registerTimeTracking(c: Container): void {
  const log0 = tagged(c.logger, 'time');
  const calendar = new LocalCalendar(); // this machine's zone, resolved on first use
  const log = new HeartbeatLog(path.join(c.storageDir, 'heartbeats'), { onOverflow: () => void flushLog() });
  const week = new WeekTime(calendar);
  const detector = new AiEditDetector();
  const exercises = c.register(new BranchExercises());
  const status = c.register(new TimeStatusBar());
  const view = c.register(new MyTimeView());
  let paused = c.context.globalState.get<boolean>(PAUSED_KEY, false);
  let idleMinutes = c.settings.idleMinutes;
  let goalHours = c.settings.weeklyGoalHours;
  /** Heartbeats of this window emitted while the log is being re-read, so none falls between file and memory. */
  let duringReload: Heartbeat[] | undefined;

  const emitSession = (s: SessionRecord) =>
    c.events.emit('session', {
      start: new Date(s.start * 1000).toISOString(),
      end: new Date(s.end * 1000).toISOString(),
      seconds: s.seconds,
      exercise: s.exercise,
      aiAssistedSeconds: s.aiAssistedSeconds,
    });
  // Other windows report their own sessions; only the time none of them reported yet is sent.
  const ledger = new SessionLedger(path.join(c.storageDir, 'session-ledger.json'));
  const claims = new Set<Promise<void>>();
  const closed = (s: SessionRecord) => {
    const claim = ledger
      .claim(s)
      .then((r) => {
        if (r.problem) log0.warn(r.problem);
        r.sessions.forEach(emitSession);
      })
      .catch((e) => {
        log0.warn('Could not read the shared session ledger; reporting the session whole', e);
        emitSession(s);
      })
      .finally(() => claims.delete(claim));
    claims.add(claim);
  };
  const claimsSettled = () => Promise.all([...claims]);
  const newSessions = () => new SessionAccumulator(idleMinutes * 60, calendar, closed);
  let sessions = newSessions();

  const refresh = () => {
    const summary = week.summary(Date.now(), idleMinutes);
    status.update(summary, goalHours, paused);
    view.update(summary, goalHours, paused);
  };

  const tracker = new Tracker((hb) => {
    log.add(hb);
    week.add(hb);
    duringReload?.push(hb);
    sessions.push(toPoint(hb));
    refresh();
  });
  tracker.setPaused(paused);
  tracker.setFocused(vscode.window.state.focused);
  void vscode.commands.executeCommand('setContext', PAUSED_KEY, paused);

  const flushLog = () => log.flush().catch((e) => log0.warn('Could not write the heartbeat log; will retry', e));

  const reload = async () => {
    const now = Date.now();
    duringReload = [];
    try {
      const r = await log.read(week.readFrom(now), now + 86_400_000);
      if (r.skipped.length) log0.warn(`Skipped ${r.skipped.length} malformed heartbeat line(s), e.g. ${r.skipped[0]?.file}:${r.skipped[0]?.line}`);
      const seen = new Set(r.heartbeats.map((h) => h.at + h.kind));
      const mine = [...log.pending, ...duringReload].filter((h) => !seen.has(h.at + h.kind) && (seen.add(h.at + h.kind), true));
      week.load([...r.heartbeats, ...mine]);
    } catch (e) {
      log0.warn('Could not read the heartbeat log', e);
    } finally {
      duringReload = undefined;
    }
    refresh();
  };

  let settleTimer: NodeJS.Timeout | undefined;
  const activity = (kind: HeartbeatKind | null, source: string, language: string | null, folder: vscode.Uri | undefined, edit?: RawEdit) => {
    const ai = edit ? detector.observe(edit) : detector.isActive;
    if (!kind) return;
    tracker.observe({ at: edit?.at ?? Date.now(), kind, source, language, exercise: exercises.exerciseFor(folder), ai });
    // Settle the burst soon after it ends rather than at the next tick.
    settleTimer ??= setTimeout(() => {
      settleTimer = undefined;
      tracker.tick(Date.now());
    }, 250);
  };

  let weekStart: number | undefined;
  const tick = () => {
    const now = Date.now();
    tracker.tick(now);
    sessions.tick(Math.floor(now / 1000));
    const ws = calendar.weekStart(now);
    if (weekStart !== undefined && ws !== weekStart) {
      weekStart = ws;
      void reload();
    }
  };

  const setPaused = async (p: boolean) => {
    paused = p;
    tracker.setPaused(p);
    if (p) {
      sessions.close();
      await claimsSettled();
    }
    await c.context.globalState.update(PAUSED_KEY, p);
    await vscode.commands.executeCommand('setContext', PAUSED_KEY, p);
    log0.info(p ? 'Time tracking paused' : 'Time tracking resumed');
    refresh();
  };

  c.register(
    wireEditorEvents({
      activity,
      focusChanged: (focused) => {
        tracker.setFocused(focused);
        if (focused) void reload(); // another window may have logged time meanwhile
      },
    }),
  );
  const timers = [setInterval(tick, TICK_MS), setInterval(() => void flushLog(), FLUSH_MS), setInterval(() => void reload(), RELOAD_MS)];
  c.register({ dispose: () => (timers.forEach(clearInterval), settleTimer && clearTimeout(settleTimer)) });
  c.register(
    onSettingsChanged((s) => {
      if (s.idleMinutes !== idleMinutes) {
        sessions.close();
        idleMinutes = s.idleMinutes;
        sessions = newSessions();
      }
      goalHours = s.weeklyGoalHours;
      refresh();
    }),
  );

  c.command(SHOW_MY_TIME, () => view.reveal());
  c.command(PAUSE, () => setPaused(true));
  c.command(RESUME, () => setPaused(false));
  // Internal (not contributed): lets the integration suite see what the user sees.
  c.command('practicum.time.snapshot', async (opts?: { flush?: boolean }): Promise<TimeSnapshot> => {
    if (opts?.flush) {
      tracker.flush();
      await log.flush();
    }
    const totals = week.summary(Date.now(), idleMinutes).totals;
    return {
      statusText: status.text,
      tooltip: status.tooltipText,
      paused,
      focused: tracker.isFocused,
      heartbeats: week.size,
      pending: log.pending.length,
      totalSeconds: totals.totalSeconds,
      byExercise: totals.byExercise,
      logDir: log.dir,
    };
  });

  c.onFlush(async () => {
    tracker.flush();
    sessions.close();
    await Promise.all([claimsSettled(), log.flush()]);
  });

  // After activation returns: the first summary loads time zone data, and the log is read from disk.
  const first = setTimeout(() => {
    weekStart = calendar.weekStart(Date.now());
    refresh();
    void reload();
  }, 0);
  c.register({ dispose: () => clearTimeout(first) });
}
