// The audit log as the screen shows it (filters, pages newest first, "Load more" by the
// page's `next`, the CSV export), a conversation's transcript (saved as CSV or printed), and a
// conversation's reviews as the review panel shows them (past reviews, a new score). Each screen or panel makes its own store: nothing here lives
// longer than what shows it.
import type { AuditEntry } from '../bindings/AuditEntry';
import type { ExportTable } from '../bindings/ExportTable';
import type { Review } from '../bindings/Review';
import { i18n, type UiSaid } from '../i18n';
import { appendPage, auditQuery, filtersProblem, NO_FILTERS, type AuditFilters } from '../lib/audit';
import { download } from '../lib/download';
import { exportFile } from '../lib/exportTable';
import { Latest } from '../lib/liveLog';
import { checkReview, sortReviews, withReview } from '../lib/review';
import type { Session } from './session.svelte';

/** Entries per page. */
export const AUDIT_PAGE = 100;

export class AuditStore {
  filters: AuditFilters = $state.raw(NO_FILTERS);
  entries: readonly AuditEntry[] = $state.raw([]);
  next: string | null = $state(null);
  /** The first page for the filters is on its way (the rows shown are the previous filters'). */
  loading = $state(false);
  loadingMore = $state(false);
  exporting = $state(false);
  /** The filters cannot be asked for (an end before the start). */
  problem: UiSaid | null = $state.raw(null);
  /** A first page came for the filters shown. */
  loaded = $state(false);

  private readonly latest = new Latest();

  constructor(private readonly session: Session) {}

  /** Sets filters and loads their first page. */
  async filter(change: Partial<AuditFilters>): Promise<void> {
    this.filters = { ...this.filters, ...change };
    await this.load();
  }

  async load(): Promise<void> {
    const current = this.latest.begin();
    this.problem = filtersProblem(this.filters);
    if (this.problem) {
      this.loading = false;
      return;
    }
    this.loading = true;
    this.loadingMore = false;
    try {
      const page = await this.session.api().call('audit_log', auditQuery(this.filters, null, AUDIT_PAGE));
      if (!current()) return;
      this.entries = page.entries;
      this.next = page.next;
      this.loaded = true;
    } catch (e) {
      if (current()) {
        this.entries = [];
        this.next = null;
        this.session.fail(e);
      }
    } finally {
      if (current()) this.loading = false;
    }
  }

  /** The next page, after those shown (nothing while the first page for new filters loads). */
  async more(): Promise<void> {
    const before = this.next;
    if (before === null || this.loading || this.loadingMore) return;
    const current = this.latest.peek();
    this.loadingMore = true;
    try {
      const page = await this.session.api().call('audit_log', auditQuery(this.filters, before, AUDIT_PAGE));
      if (!current()) return;
      this.entries = appendPage(this.entries, page.entries);
      this.next = page.next;
    } catch (e) {
      if (current()) this.session.fail(e);
    } finally {
      if (current()) this.loadingMore = false;
    }
  }

  /** Every entry the filters find, saved as a CSV in the reader's language and time zone. */
  async exportCsv(): Promise<void> {
    if (this.exporting || filtersProblem(this.filters)) return;
    this.exporting = true;
    try {
      const query = auditQuery(this.filters);
      delete query.limit;
      const table = await this.session.api().call('export_audit', query);
      const name = download(exportFile('audit', table, i18n.tr));
      this.session.tell({ ui: 'audit.exported', values: { name } });
    } catch (e) {
      this.session.fail(e);
    } finally {
      this.exporting = false;
    }
  }
}

/** One conversation's reviews, and scoring it. */
export class ReviewStore {
  reviews: readonly Review[] = $state.raw([]);
  loaded = $state(false);
  saving = $state(false);
  /** Why the draft cannot go (no score, too long), shown beside the form. */
  problem: UiSaid | null = $state.raw(null);

  private readonly latest = new Latest();

  constructor(
    private readonly session: Session,
    readonly conversationId: number,
  ) {}

  async load(): Promise<void> {
    const current = this.latest.begin();
    try {
      const reviews = await this.session.api().call('conversation_reviews', { conversation_id: this.conversationId });
      if (!current()) return;
      this.reviews = sortReviews(reviews);
    } catch (e) {
      if (current()) this.session.fail(e);
    } finally {
      if (current()) this.loaded = true;
    }
  }

  /** Sends the score and comment; true once stored (the form then clears). */
  async submit(score: number | null, comment: string): Promise<boolean> {
    const checked = checkReview(this.conversationId, score, comment);
    if (!checked.ok) {
      this.problem = checked.problem;
      return false;
    }
    this.problem = null;
    this.saving = true;
    try {
      const review = await this.session.api().call('review_conversation', checked.review);
      this.reviews = withReview(this.reviews, review);
      this.session.tell({ ui: 'review.saved' });
      return true;
    } catch (e) {
      this.session.fail(e);
      return false;
    } finally {
      this.saving = false;
    }
  }
}

/** The conversation's transcript, saved as a CSV in the reader's language and time zone. */
export async function saveTranscript(session: Session, conversationId: number): Promise<void> {
  try {
    const table = await session.api().call('export_transcript', { conversation_id: conversationId, format: 'csv' });
    const name = download(exportFile('transcript', table, i18n.tr));
    session.tell({ ui: 'transcript.saved', values: { name } });
  } catch (e) {
    session.fail(e);
  }
}

/**
 * The conversation's transcript to print (the browser's print saves it as a PDF): the same
 * table as the CSV's, and the same audit entry saying it was printed. Null when refused (the
 * reason is told).
 */
export async function printableTranscript(session: Session, conversationId: number): Promise<ExportTable | null> {
  try {
    return await session.api().call('export_transcript', { conversation_id: conversationId, format: 'pdf' });
  } catch (e) {
    session.fail(e);
    return null;
  }
}
