import { describe, expect, it } from 'vitest';
import type { Review } from '../bindings/Review';
import { checkReview, commentLength, isScore, MAX_COMMENT, medianScore, scoreAfterKey, sortReviews, withReview } from './review';

function review(id: number, score: number, at: string): Review {
  return { id, conversation_id: 9, reviewer: { id: 5, name: 'Rita' }, manager: null, score, comment: '', at };
}

describe('review', () => {
  it('takes a whole score from 1 to 5 only', () => {
    expect([0, 1, 3, 5, 6, 2.5, NaN].map(isScore)).toEqual([false, true, true, true, false, false, false]);
    expect(isScore('3')).toBe(false);
  });

  it('checks a review before it goes: a score, a comment within the limit, trimmed', () => {
    expect(checkReview(9, null, 'fine')).toEqual({ ok: false, problem: { ui: 'review.needScore' } });
    expect(checkReview(9, 7, '')).toEqual({ ok: false, problem: { ui: 'review.needScore' } });
    expect(checkReview(9, 4, '  good tone \n')).toEqual({ ok: true, review: { conversation_id: 9, score: 4, comment: 'good tone' } });
    expect(checkReview(9, 5, 'я'.repeat(MAX_COMMENT))).toMatchObject({ ok: true });
    expect(checkReview(9, 5, 'я'.repeat(MAX_COMMENT + 1))).toEqual({
      ok: false,
      problem: { ui: 'review.tooLong', values: { max: MAX_COMMENT } },
    });
    // An emoji is one character, as people count them.
    expect(commentLength('👍🏽'.repeat(2))).toBe(4);
    expect(commentLength('👍👍')).toBe(2);
  });

  it('lists reviews newest first and merges a new one in once', () => {
    const a = review(1, 3, '2026-05-01T10:00:00Z');
    const b = review(2, 5, '2026-05-02T10:00:00Z');
    expect(sortReviews([a, b]).map((r) => r.id)).toEqual([2, 1]);
    expect(withReview([b, a], { ...a, score: 4 }).map((r) => [r.id, r.score])).toEqual([
      [2, 5],
      [1, 4],
    ]);
  });

  it('gives the median score, never a mean', () => {
    expect(medianScore([])).toBeNull();
    expect(medianScore([review(1, 1, 'x'), review(2, 5, 'x'), review(3, 4, 'x')])).toBe(4);
    expect(medianScore([review(1, 2, 'x'), review(2, 5, 'x')])).toBe(3.5);
  });

  it('moves through the scores with arrow keys, Home, End and digits, wrapping', () => {
    expect(scoreAfterKey(null, 'ArrowRight')).toBe(1);
    expect(scoreAfterKey(3, 'ArrowRight')).toBe(4);
    expect(scoreAfterKey(5, 'ArrowUp')).toBe(1);
    expect(scoreAfterKey(1, 'ArrowLeft')).toBe(5);
    expect(scoreAfterKey(3, 'Home')).toBe(1);
    expect(scoreAfterKey(3, 'End')).toBe(5);
    expect(scoreAfterKey(null, '4')).toBe(4);
    expect(scoreAfterKey(2, 'Enter')).toBeNull();
    expect(scoreAfterKey(2, '7')).toBeNull();
  });
});
