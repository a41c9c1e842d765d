import type { Role } from '../../core/catalog/schema';
import type { Placement } from '../../core/profile/placement';
import type { Levels } from '../../core/profile/rubric';
import type { Screen } from '../protocol/profile';
import { NEVER_A_RATING, type ScreenContext } from './context';
import { h, notice, title, trackList, uid } from './dom';
import { rubricForm } from './rubricForm';

type OnboardingScreen = Extract<Screen, { screen: 'onboarding' }>;
interface Draft {
  role?: Role;
  levels?: Levels;
  keep?: string[];
}

/** Role, the rubric, then the suggested path with test-out choices. */
export function onboardingView(s: OnboardingScreen, ctx: ScreenContext): HTMLElement {
  const draft: Draft = ctx.draft<Draft>() ?? (s.current ? { role: s.current.role, levels: s.current.levels } : {});
  let placement: Placement | null = null;
  const save = () => ctx.saveDraft(draft);

  const roleName = uid('role');
  const roles = h(
    'fieldset',
    { class: 'roles' },
    h('legend', {}, '1. Your role'),
    h(
      'div',
      { class: 'role-options' },
      ...s.roles.map((r) => {
        const id = uid('role');
        return h(
          'label',
          { class: 'option role-option', for: id },
          h('input', { type: 'radio', id, name: roleName, value: r.id, checked: draft.role === r.id, 'data-role': r.id, onchange: () => ((draft.role = r.id), save(), refresh()) }),
          h('span', { class: 'option-body' }, h('strong', {}, r.label), h('span', { class: 'muted' }, `Foundations, then ${r.track}`)),
        );
      }),
    ),
  );
  const form = rubricForm(s.rubric, draft.levels ?? {}, (levels) => ((draft.levels = levels), save(), refresh()));
  const pathSection = h('section', { class: 'path', 'aria-labelledby': 'path-title' }, h('h2', { id: 'path-title' }, '3. Your suggested path'));
  const pathBody = h('div', {}, h('p', { class: 'muted' }, 'Pick your role and answer the five questions to see it.'));
  pathSection.append(pathBody);
  const errors = ctx.errorSlot();
  const saveButton = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Save my path');

  function missing(): string[] {
    return [...(draft.role ? [] : ['your role']), ...form.missing()];
  }
  function refresh(): void {
    if (missing().length === 0) ctx.post({ type: 'requestPlacement', role: draft.role!, levels: form.values() });
  }
  ctx.onPlacement((p) => {
    placement = p;
    pathBody.replaceChildren(renderPath(p, draft, save));
    saveButton.disabled = false;
  });

  const el = h(
    'form',
    {
      class: 'screen onboarding',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const left = missing();
        if (left.length || !placement) {
          errors.textContent = `Still to answer: ${left.join(', ')}.`;
          if (!draft.role) roles.querySelector('input')?.focus();
          else form.focusFirstMissing();
          return;
        }
        const keep = draft.keep ?? placement.suggestedTestOut;
        ctx.post({ type: 'submitOnboarding', role: draft.role!, levels: form.values(), testOut: placement.suggestedTestOut.filter((id) => keep.includes(id)) });
      },
    },
    title('Find your learning path'),
    h('p', { class: 'lead' }, 'About 3 minutes: your role, five questions about what you already do, and a suggested path through the program.'),
    h('aside', { class: 'assurance', role: 'note' }, h('strong', {}, 'Never a performance measure. '), NEVER_A_RATING),
    notice(s.notice),
    roles,
    h('h2', {}, '2. What you already do'),
    h('p', { class: 'muted' }, 'For each skill, pick the highest level whose behaviour you show regularly in your work today. If none fits yet, pick Aware. Arrow keys choose a level; Tab moves to the next skill.'),
    form.element,
    pathSection,
    h('div', { class: 'actions' }, saveButton, h('button', { type: 'button', class: 'secondary', onclick: () => ctx.post({ type: 'close' }) }, 'Later')),
    errors,
  );
  // A restored draft may already be complete.
  queueMicrotask(refresh);
  return el;
}

function renderPath(p: Placement, draft: Draft, save: () => void): HTMLElement {
  const keep = new Set(draft.keep ?? p.suggestedTestOut);
  const testOut = (m: Placement['tracks'][number]['modules'][number]) => {
    if (!m.testOut) return h('li', {}, m.title, h('span', { class: 'muted' }, ` · ${m.hours} h`));
    const id = uid('testout');
    const toggle = (e: Event) => {
      if ((e.target as HTMLInputElement).checked) keep.add(m.id);
      else keep.delete(m.id);
      draft.keep = [...keep];
      save();
    };
    return h(
      'li',
      { class: 'testout' },
      h('input', { type: 'checkbox', id, 'data-testout': m.id, checked: keep.has(m.id), onchange: toggle }),
      h('label', { for: id }, `Test out of ${m.title}`, h('span', { class: 'muted' }, ` · suggested: ${m.testOut.reason} Untick to take it anyway.`)),
    );
  };
  return trackList(
    p.tracks,
    () => null,
    (t) => (t.modules.length ? h('ul', { class: 'modules' }, ...t.modules.map(testOut)) : null),
    ' — not in your catalog yet; it appears here once your team adds it',
  );
}
