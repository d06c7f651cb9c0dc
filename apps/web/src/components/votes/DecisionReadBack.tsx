import { useTranslation } from 'react-i18next';
import type { Decision, Lang, MeetingState } from '@rostrum/core';
import { dirOf, ShownTxt, useReading } from '../MeetingText.js';
import { shownInEach } from '../shown-texts.js';

/**
 * The decision the chair is reading back, large, for the room: once per language the screen
 * shows (`langs`, by default the reader's), each block headed and written in its language and
 * direction. A language whose translation is missing adds no block repeating the original.
 */
export function DecisionReadBack({ meeting, langs }: { meeting: MeetingState; langs?: Lang[] }) {
  const { i18n } = useTranslation();
  const { reader, languages } = useReading();
  const id = meeting.votes.readBack;
  const decision: Decision | undefined = id === null ? undefined : meeting.votes.decisions[id];
  if (!decision) return null;
  return (
    <section className="readback" aria-live="polite" data-testid="readback" data-decision-id={decision.id}>
      {shownInEach(decision.text, langs ?? [reader], languages).map(({ reader: l, shown }) => {
        const t = i18n.getFixedT(l);
        return (
          <div key={l} lang={l} dir={dirOf(l)}>
            <p className="eyebrow">
              {t('votes.decisionHeading')} · {t(`votes.decisionOutcome.${decision.outcome}`)}
            </p>
            <p className="readback-text">
              <ShownTxt shown={shown} reader={l} />
            </p>
          </div>
        );
      })}
    </section>
  );
}
