import type { Levels } from '../../core/profile/rubric';
import type { Screen } from '../protocol/profile';
import type { ScreenContext } from './context';
import { h, notice, title } from './dom';
import { rubricForm } from './rubricForm';

type AssessmentScreen = Extract<Screen, { screen: 'assessment' }>;

/** The same rubric again; the first answers are not shown, so they do not anchor the new ones. */
export function assessmentView(s: AssessmentScreen, ctx: ScreenContext): HTMLElement {
  const draft = ctx.draft<Levels>() ?? {};
  const form = rubricForm(s.rubric, draft, (levels) => ctx.saveDraft(levels));
  const errors = ctx.errorSlot();
  return h(
    'form',
    {
      class: 'screen assessment',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const left = form.missing();
        if (left.length) {
          errors.textContent = `Still to answer: ${left.join(', ')}.`;
          form.focusFirstMissing();
          return;
        }
        ctx.post({ type: 'submitAssessment', track: s.track?.id ?? null, levels: form.values() });
      },
    },
    title(s.track ? `You finished ${s.track.title}` : 'Re-assess your skills'),
    notice(s.notice),
    h(
      'p',
      { class: 'lead' },
      'The same five questions as at the start, about 3 minutes. Answer for what you do now; your first answers are not shown, so they do not anchor you. Never a performance measure.',
    ),
    form.element,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Save and compare'),
      h('button', { type: 'button', class: 'secondary', onclick: () => ctx.post({ type: 'close' }) }, 'Later'),
      s.track ? h('button', { type: 'button', class: 'secondary', onclick: () => ctx.post({ type: 'skipAssessment', track: s.track!.id }) }, 'Skip') : null,
    ),
    errors,
  );
}
