import { LEVELS, LEVEL_LABELS } from '../../core/profile/levels';
import type { Levels, Rubric } from '../../core/profile/rubric';
import { h, uid } from './dom';

/** The rubric as one radio group per dimension: arrow keys choose a level, Tab moves to the next skill. */
export interface RubricForm {
  element: HTMLElement;
  values(): Levels;
  /** Dimension titles without an answer, in order. */
  missing(): string[];
  focusFirstMissing(): void;
}

export function rubricForm(rubric: Rubric, initial: Levels, onChange: (levels: Levels) => void): RubricForm {
  const values: Levels = { ...initial };
  const groups = new Map<string, HTMLFieldSetElement>();
  const element = h(
    'div',
    { class: 'rubric' },
    ...rubric.dimensions.map((d, i) => {
      const name = uid(`dim-${d.id}`);
      const fs = h(
        'fieldset',
        { class: 'dimension', 'data-dimension': d.id },
        h('legend', {}, h('span', { class: 'step' }, `${i + 1}/${rubric.dimensions.length}`), ' ', d.title),
        d.summary ? h('p', { class: 'muted dimension-summary' }, d.summary) : null,
        h(
          'div',
          { class: 'levels' },
          ...LEVELS.map((level) => {
            const id = uid('lvl');
            return h(
              'label',
              { class: 'option', for: id },
              h('input', {
                type: 'radio',
                id,
                name,
                value: level,
                checked: values[d.id] === level,
                'data-level': level,
                onchange: () => {
                  values[d.id] = level;
                  fs.classList.remove('invalid');
                  onChange({ ...values });
                },
              }),
              h('span', { class: 'option-body' }, h('strong', { class: 'level-name' }, LEVEL_LABELS[level]), h('ul', {}, ...d.levels[level].map((b) => h('li', {}, b)))),
            );
          }),
        ),
      );
      groups.set(d.id, fs);
      return fs;
    }),
  );
  const missingIds = () => rubric.dimensions.filter((d) => !values[d.id]).map((d) => d.id);
  return {
    element,
    values: () => ({ ...values }),
    missing: () => missingIds().map((id) => rubric.dimensions.find((d) => d.id === id)?.title ?? id),
    focusFirstMissing() {
      for (const id of missingIds()) groups.get(id)?.classList.add('invalid');
      const first = missingIds()[0];
      groups.get(first ?? '')?.querySelector('input')?.focus();
    },
  };
}
