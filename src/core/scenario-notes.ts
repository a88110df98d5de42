/**
 * What the viewer and the CLI say of a scenario's ids, in the same words: ids listed more than
 * once are read once, and a facility both compromised and protected is read as compromised
 * (docs/format.md §2.3).
 */
import { capText } from './cap-text.ts';

/**
 * The notes for `repeated` ids listed twice or more and the ids both compromised and protected
 * (`overlap`); `takenOff`: the viewer also takes those off its protected list, and says so.
 * @example scenarioIdNotes(1, ['a'], false) // two notes
 */
export function scenarioIdNotes(
  repeated: number,
  overlap: readonly string[],
  takenOff: boolean,
): string[] {
  const notes: string[] = [];
  if (repeated > 0) {
    notes.push(`${repeated} facility id(s) were listed more than once: each is read once.`);
  }
  if (overlap.length > 0) {
    const one = overlap.length === 1;
    const names = overlap
      .slice(0, 3)
      .map((id) => `"${capText(id, 40)}"`)
      .join(', ');
    const more = one || overlap.length <= 3 ? '' : ` and ${overlap.length - 3} more`;
    const tail = takenOff
      ? `, so ${one ? 'it was' : 'they were'} taken off the protected list`
      : '';
    notes.push(
      `${names}${more} ${one ? 'is' : 'are'} both compromised and protected: read as compromised (protection keeps a facility up in a cascade, not when it is attacked itself)${tail}.`,
    );
  }
  return notes;
}
