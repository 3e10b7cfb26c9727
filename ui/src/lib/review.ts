// Quality control: a reviewer's or supervisor's score (1–5) with a comment, checked before it
// goes (the server checks again), and a conversation's past reviews as the panel lists them.
import type { NewReview } from '../bindings/NewReview';
import type { Review } from '../bindings/Review';
import type { UiSaid } from '../i18n';
import type { UiKey } from '../i18n/en';

export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

/** As NewReview documents it. */
export const MAX_COMMENT = 2000;

/** What each score means, as UI strings (the radio's accessible name). */
export const SCORE_NAMES = {
  1: 'review.score.1',
  2: 'review.score.2',
  3: 'review.score.3',
  4: 'review.score.4',
  5: 'review.score.5',
} as const satisfies Record<Score, UiKey>;

export function isScore(value: unknown): value is Score {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** The comment's length as people count it (a letter, an emoji: one each). */
export function commentLength(comment: string): number {
  return [...comment.trim()].length;
}

export type ReviewCheck = { ok: true; review: NewReview } | { ok: false; problem: UiSaid };

/** The review to send, or why it cannot go yet: no score, or a comment over the limit. */
export function checkReview(conversationId: number, score: number | null, comment: string): ReviewCheck {
  if (!isScore(score)) return { ok: false, problem: { ui: 'review.needScore' } };
  if (commentLength(comment) > MAX_COMMENT) return { ok: false, problem: { ui: 'review.tooLong', values: { max: MAX_COMMENT } } };
  return { ok: true, review: { conversation_id: conversationId, score, comment: comment.trim() } };
}

/** Reviews newest first (ties: the later id), a new one merged in once. */
export function withReview(reviews: readonly Review[], review: Review): Review[] {
  return sortReviews([...reviews.filter((r) => r.id !== review.id), review]);
}

export function sortReviews(reviews: readonly Review[]): Review[] {
  return [...reviews].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
}

/** The median score of the reviews, or null for none (reports show medians, never means). */
export function medianScore(reviews: readonly Review[]): number | null {
  if (reviews.length === 0) return null;
  const sorted = reviews.map((r) => r.score).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The score a key moves a radio group to (arrows, Home, End), or null for other keys. */
export function scoreAfterKey(current: number | null, key: string): Score | null {
  const at = isScore(current) ? current : 0;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return (at >= 5 ? 1 : at + 1) as Score;
    case 'ArrowLeft':
    case 'ArrowDown':
      return (at <= 1 ? 5 : at - 1) as Score;
    case 'Home':
      return 1;
    case 'End':
      return 5;
    default:
      return /^[1-5]$/.test(key) ? (Number(key) as Score) : null;
  }
}
