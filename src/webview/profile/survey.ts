import type { SurveyAnswers } from '../../core/profile/events';
import type { Screen } from '../protocol/profile';
import type { ScreenContext } from './context';
import { h, notice, title, uid } from './dom';

type SurveyScreen = Extract<Screen, { screen: 'survey' }>;
interface Draft {
  nps?: number;
  helped?: string;
  didNotHelp?: string;
  hours?: string;
}

/** One screen, every question optional: recommend 0–10, what helped, what did not, real time taken. */
export function surveyView(s: SurveyScreen, ctx: ScreenContext): HTMLElement {
  const draft: Draft = ctx.draft<Draft>() ?? {};
  const save = () => ctx.saveDraft(draft);
  const npsName = uid('nps');
  const helpedId = uid('helped');
  const didNotId = uid('didnot');
  const hoursId = uid('hours');
  const hoursHint = uid('hours-hint');
  const errors = ctx.errorSlot();

  const nps = h(
    'fieldset',
    { class: 'nps' },
    h('legend', {}, 'How likely are you to recommend this module to a colleague?'),
    h(
      'div',
      { class: 'nps-scale' },
      ...Array.from({ length: 11 }, (_, n) => {
        const id = uid('nps');
        return h(
          'label',
          { class: 'nps-option', for: id },
          h('input', { type: 'radio', id, name: npsName, value: n, checked: draft.nps === n, 'data-nps': n, onchange: () => ((draft.nps = n), save()) }),
          h('span', {}, String(n)),
        );
      }),
    ),
    h('div', { class: 'nps-ends muted', 'aria-hidden': 'true' }, h('span', {}, '0 — not at all likely'), h('span', {}, '10 — extremely likely')),
  );
  const text = (id: string, label: string, key: 'helped' | 'didNotHelp', placeholder: string) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h('textarea', { id, rows: 3, maxlength: 2000, placeholder, 'data-field': key, value: draft[key] ?? '', oninput: (e: Event) => ((draft[key] = (e.target as HTMLTextAreaElement).value), save()) }),
    );
  const hours = h('input', {
    id: hoursId,
    type: 'number',
    min: 0.25,
    max: 100,
    step: 0.25,
    inputmode: 'decimal',
    'aria-describedby': hoursHint,
    'data-field': 'hours',
    value: draft.hours ?? '',
    oninput: (e: Event) => ((draft.hours = (e.target as HTMLInputElement).value), save()),
  });

  return h(
    'form',
    {
      class: 'screen survey',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const hrs = draft.hours?.trim() ? Number(draft.hours) : null;
        if (hrs !== null && !(hrs > 0 && hrs <= 100)) {
          errors.textContent = 'Time taken: enter the hours as a number between 0.25 and 100, or leave it empty.';
          hours.focus();
          return;
        }
        const answers: SurveyAnswers = {
          nps: draft.nps ?? null,
          helped: draft.helped?.trim() || null,
          didNotHelp: draft.didNotHelp?.trim() || null,
          minutesTaken: hrs === null ? null : Math.max(1, Math.round(hrs * 60)),
        };
        ctx.post({ type: 'submitSurvey', module: s.module.id, answers });
      },
    },
    title(`How was "${s.module.title}"?`),
    notice(s.notice),
    h(
      'p',
      { class: 'lead' },
      'One screen, every question optional, about a minute. Your feedback shapes the next version of this module. It is shared with the program team only if you agreed to share program metrics — so leave names out.',
    ),
    s.offerReassessment ? h('p', { class: 'muted' }, `This module completed ${s.offerReassessment.title}. Afterwards you can retake the self-assessment to see your progress.`) : null,
    nps,
    text(helpedId, 'What helped?', 'helped', 'e.g. doing it on our own service, the eval table'),
    text(didNotId, 'What did not help?', 'didNotHelp', 'e.g. unclear step, too long, not relevant to my stack'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: hoursId }, 'How long did it really take? (hours)'),
      hours,
      h('span', { id: hoursHint, class: 'muted' }, s.module.plannedHours ? ` planned: about ${s.module.plannedHours} h` : ''),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Send feedback'),
      h('button', { type: 'button', class: 'secondary', onclick: () => ctx.post({ type: 'close' }) }, 'Later'),
      h('button', { type: 'button', class: 'secondary', onclick: () => ctx.post({ type: 'skipSurvey', module: s.module.id }) }, 'Skip this survey'),
    ),
    errors,
  );
}
