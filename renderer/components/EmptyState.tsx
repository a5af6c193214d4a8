import { useState } from 'react';

/** First start: no usage yet. Offers the two ways to get some. */
export function EmptyState({ onPick, onLoadDemo }: { onPick: () => void; onLoadDemo: () => Promise<void> }) {
  const [loading, setLoading] = useState(false);
  return (
    <div className="empty-state">
      <div className="empty-card">
        <span className="empty-icon icon-table" aria-hidden="true" />
        <h1 tabIndex={-1}>No usage imported yet</h1>
        <p>
          Import the month&rsquo;s usage exports from your SmarterMail Enterprise licenses
          (CSV, TSV, Excel or JSON) to see each license&rsquo;s billable mailboxes and export
          the summary invoice. You can also drop files anywhere on this window.
        </p>
        <div className="empty-actions">
          <button type="button" className="btn btn-primary" onClick={onPick}>Import files…</button>
          <button
            type="button"
            className="btn"
            disabled={loading}
            onClick={() => {
              setLoading(true);
              void onLoadDemo().finally(() => setLoading(false));
            }}
          >
            {loading ? 'Loading sample data…' : 'Load sample data'}
          </button>
        </div>
        <p className="muted small">The sample data is seven made-up licenses over September and October 2026.</p>
      </div>
    </div>
  );
}
