// A title that asks ("How do I...?", "[Usage]: ...", "Is someone working on X?") is mostly a request for
// help, an offer, or a call for opinions, rarely a task to pick up: in the tuning half of the eval set
// modelled on real issues, question titles are seldom graded as the work anyone wants.

const QUESTION_TAG = /^\s*\[(?:qst|question|questions|usage|help|discussion)\]/i;
const QUESTION_START =
  /^\s*(?:\[[^\]]*\]:?\s*)?(?:how (?:to|do|does|can|should|would|is)|is (?:there|it|someone|anyone)|are (?:there|the)|why|can (?:i|we|you)|what|which|where|does|do we)\b/i;

/** Points taken from an issue whose title is a question: about what a second matching word adds. */
export const QUESTION_PENALTY = 0.4;

export function isQuestionTitle(title: string): boolean {
  return /\?\s*$/.test(title) || QUESTION_TAG.test(title) || QUESTION_START.test(title);
}
