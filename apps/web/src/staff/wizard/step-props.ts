import type { Problems, WizardDraft } from './draft.js';

/** What every step gets: the draft, a way to change it, and the problems to show at its fields. */
export type StepProps = {
  draft: WizardDraft;
  update: (change: (draft: WizardDraft) => WizardDraft) => void;
  problems: Problems;
};
